// Column index over one array of users, so that a search touches dense arrays of prepared values
// instead of 100,000 differently shaped user objects (reading one property of each costs more than
// the whole comparison). A column is built the first time a query needs it and kept as long as
// the array lives: the emulator's store hands out the same snapshot array until the next change
// (emulator/state/store.ts), so an array must not be edited in place once searched.
//
// After a write the store hands out a new array holding mostly the same user objects (users are
// immutable values there). A new index therefore copies the values of unchanged users from the
// columns of the previous snapshot's index (the recent index sharing the most users) instead of
// reading every user again.
import type { User } from '../../common/auth0.ts';
import {
  compileTree,
  matchesIndexed,
  type CompileOptions,
  type FieldReader,
  type Indexed,
  type LeafMatcher,
  type Query,
} from '../../common/query/index.ts';

export type RowPredicate = (row: number) => boolean;

// Prefix keys: the first two UTF-16 units of a string value as one number, so a term or prefix
// test can skip most rows without touching their strings. Other values get a sentinel.
const NO_VALUE = -1;
const CHECK_VALUE = -2;

function prefixKey(text: string): number {
  return text.charCodeAt(0) * 65_536 + (text.length > 1 ? text.charCodeAt(1) : 0);
}

export class UserIndex {
  readonly users: readonly User[];
  #columns = new Map<string, Indexed[]>();
  #prefixKeys = new Map<string, Float64Array>();
  /** The index this one may copy unchanged users' values from, and where they sit there. */
  #previous: UserIndex | null;
  #previousRows: Int32Array | null = null;

  constructor(users: readonly User[], previous: UserIndex | null = null) {
    this.users = users;
    this.#previous = previous;
    // Keep at most one generation of older columns alive.
    if (previous) previous.#previous = null;
  }

  /** The reader's values for every user, by row. */
  column(reader: FieldReader): Indexed[] {
    if (reader.key === null) return this.users.map(reader.read);
    let values = this.#columns.get(reader.key);
    if (!values) {
      const users = this.users;
      values = new Array<Indexed>(users.length);
      this.#carry(this.#previous?.columnIfBuilt(reader.key), values, (row) => reader.read(users[row] as User));
      this.#columns.set(reader.key, values);
    }
    return values;
  }

  columnIfBuilt(key: string): Indexed[] | undefined {
    return this.#columns.get(key);
  }

  prefixKeysIfBuilt(key: string): Float64Array | undefined {
    return this.#prefixKeys.get(key);
  }

  /** Fills `into` row by row: users unchanged since the previous index from `earlier`, others computed. */
  #carry<T>(
    earlier: ArrayLike<T> | undefined,
    into: { [row: number]: T; length: number },
    compute: (row: number) => T,
  ) {
    const previous = this.#previous;
    const rows = previous && earlier ? (this.#previousRows ??= alignRows(this.users, previous.users)) : null;
    for (let row = 0; row < into.length; row++) {
      const earlierRow = rows ? (rows[row] as number) : -1;
      into[row] = earlierRow >= 0 ? ((earlier as ArrayLike<T>)[earlierRow] as T) : compute(row);
    }
  }

  compile(query: Query, options: CompileOptions): RowPredicate {
    return compileTree<number>(query, options, (matchers) => {
      const predicates = matchers.map((matcher) => this.#leafPredicate(matcher));
      if (predicates.length === 1) return predicates[0] as RowPredicate;
      return (row) => {
        for (const predicate of predicates) if (predicate(row)) return true;
        return false;
      };
    });
  }

  #leafPredicate({ reader, test, prefix }: LeafMatcher): RowPredicate {
    const values = this.column(reader);
    const full: RowPredicate = (row) => matchesIndexed(values[row], test);
    if (prefix === null || reader.key === null) return full;
    const keys = this.#prefixKeysOf(reader.key, values);
    if (prefix.length >= 2) {
      const wanted = prefixKey(prefix);
      return (row) => {
        const key = keys[row] as number;
        return (key === wanted || key === CHECK_VALUE) && full(row);
      };
    }
    const wanted = prefix.charCodeAt(0);
    return (row) => {
      const key = keys[row] as number;
      return (key === CHECK_VALUE || (key >= 0 && Math.floor(key / 65_536) === wanted)) && full(row);
    };
  }

  #prefixKeysOf(key: string, values: readonly Indexed[]): Float64Array {
    let keys = this.#prefixKeys.get(key);
    if (!keys) {
      keys = new Float64Array(values.length);
      this.#carry(this.#previous?.prefixKeysIfBuilt(key), keys, (row) => prefixKeyOf(values[row]));
      this.#prefixKeys.set(key, keys);
    }
    return keys;
  }
}

function prefixKeyOf(value: Indexed): number {
  if (value === undefined || value === '') return NO_VALUE;
  return typeof value === 'string' ? prefixKey(value) : CHECK_VALUE;
}

/**
 * For each row of `next`, the row of the same user object in `previous`, or -1. Walks both arrays
 * once and recognizes the edits a store makes between snapshots: a user replaced in place, one
 * removed, one inserted or appended. Anything else only costs re-reading some users.
 */
export function alignRows(next: readonly User[], previous: readonly User[]): Int32Array {
  const rows = new Int32Array(next.length).fill(-1);
  let old = 0;
  for (let row = 0; row < next.length && old < previous.length; row++) {
    const user = next[row];
    if (previous[old] === user) rows[row] = old++;
    else if (previous[old + 1] === user) {
      rows[row] = old + 1;
      old += 2;
    } else if (next[row + 1] !== previous[old]) old++;
  }
  return rows;
}

const indexes = new WeakMap<readonly User[], UserIndex>();
/** The last few indexes made (one per tenant, typically): candidates for the previous snapshot. */
let recent: WeakRef<UserIndex>[] = [];
const RECENT_LIMIT = 4;
const SAMPLES = 8;

export function indexOf(users: readonly User[]): UserIndex {
  let index = indexes.get(users);
  if (!index) {
    index = new UserIndex(users, likeliestPrevious(users));
    indexes.set(users, index);
    recent = [new WeakRef(index), ...recent.filter((ref) => ref.deref() !== undefined)].slice(0, RECENT_LIMIT);
  }
  return index;
}

/** The recent index sharing the most user objects with `users`, judged on a few sampled rows. */
function likeliestPrevious(users: readonly User[]): UserIndex | null {
  let best: UserIndex | null = null;
  let bestShared = 0;
  for (const ref of recent) {
    const candidate = ref.deref();
    if (!candidate) continue;
    let shared = 0;
    for (let sample = 0; sample < Math.min(SAMPLES, users.length); sample++) {
      const row = Math.floor((sample * (users.length - 1)) / (SAMPLES - 1));
      if (candidate.users[row] === users[row]) shared++;
    }
    if (shared > bestShared) {
      best = candidate;
      bestShared = shared;
    }
  }
  return best;
}
