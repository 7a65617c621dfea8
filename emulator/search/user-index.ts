// Column index over one array of users, so that a search touches dense arrays of prepared values
// instead of 100,000 differently shaped user objects (reading one property of each costs more than
// the whole comparison). A column is built the first time a query needs it and kept as long as
// the array lives: the emulator's store hands out the same frozen snapshot array until the next
// change (emulator/state/store.ts), so an array must not be edited in place once searched.
import type { User } from '../../common/auth0.ts';
import type { Query } from '../../common/query/index.ts';
import { compileTree, matchesIndexed, type CompileOptions } from './compile.ts';
import type { FieldReader, Indexed } from './field-readers.ts';

export type RowPredicate = (row: number) => boolean;

export class UserIndex {
  readonly users: readonly User[];
  #columns = new Map<string, Indexed[]>();

  constructor(users: readonly User[]) {
    this.users = users;
  }

  /** The reader's values for every user, by row. */
  column(reader: FieldReader): Indexed[] {
    const cached = reader.key === null ? undefined : this.#columns.get(reader.key);
    if (cached) return cached;
    const values = this.users.map(reader.read);
    if (reader.key !== null) this.#columns.set(reader.key, values);
    return values;
  }

  compile(query: Query, options: CompileOptions): RowPredicate {
    return compileTree<number>(query, options, (matchers) => {
      const columns = matchers.map(({ reader, test }) => ({ values: this.column(reader), test }));
      if (columns.length === 1) {
        const { values, test } = columns[0] as (typeof columns)[number];
        return (row) => matchesIndexed(values[row], test);
      }
      return (row) => {
        for (const { values, test } of columns) if (matchesIndexed(values[row], test)) return true;
        return false;
      };
    });
  }
}

const indexes = new WeakMap<readonly User[], UserIndex>();

export function indexOf(users: readonly User[]): UserIndex {
  let index = indexes.get(users);
  if (!index) {
    index = new UserIndex(users);
    indexes.set(users, index);
  }
  return index;
}
