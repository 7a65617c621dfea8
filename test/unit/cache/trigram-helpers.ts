// Helpers for the trigram table tests: slices run one at a time by the test (no timers), users
// with values worth an infix search, and a look into the file through a second connection.
import { DatabaseSync } from 'node:sqlite';
import { expect } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import type { TrigramBuildOptions, UserCache } from '../../../main/cache/index.ts';
import { PROFILE_FIELD_IDS } from '../../../main/cache/postings.ts';
import { tableName } from '../../../main/cache/trigrams.ts';

export const EMAIL = PROFILE_FIELD_IDS.get('email') as number;
export const NAME = PROFILE_FIELD_IDS.get('name') as number;

/** The build's slices, run when the test says so; the rows each one put in a table. */
export class ManualSlices {
  #queue: (() => void)[] = [];
  readonly sizes: { field: number; rows: number }[] = [];

  options(sliceRows: number): TrigramBuildOptions {
    return {
      sliceRows,
      // Never cut short by time: each slice takes exactly sliceRows postings (fewer at the end).
      sliceMs: Number.POSITIVE_INFINITY,
      schedule: (slice) => {
        this.#queue.push(slice);
        return () => {
          const index = this.#queue.indexOf(slice);
          if (index >= 0) this.#queue.splice(index, 1);
        };
      },
      onSlice: (field, rows) => this.sizes.push({ field, rows }),
    };
  }

  get pending(): number {
    return this.#queue.length;
  }

  /** Runs the next slice; false when none is scheduled. */
  runOne(): boolean {
    const slice = this.#queue.shift();
    slice?.();
    return slice !== undefined;
  }

  /** Runs slices until `count` of them have put postings in a table (others create or merge). */
  runFills(count: number): void {
    const filled = () => this.sizes.filter((size) => size.rows > 0).length;
    const target = filled() + count;
    while (filled() < target) if (!this.runOne()) throw new Error('The build ended first');
  }

  /** Runs slices until none is scheduled; returns how many ran. */
  runAll(): number {
    let count = 0;
    while (this.runOne()) if (++count > 100_000) throw new Error('The build never ends');
    return count;
  }
}

const NAMES = [
  'Ann Robinson',
  'Jon Robins',
  'ROBIN Hood',
  'Maria Stevenson',
  'Steven Even',
  'Émile Zola',
  'Bob',
  'Zoë Ørsted',
  'Mason Jar',
];
const TAGS = [['Enterprise', 'beta'], ['enterprise'], ['other', 'Beta'], [], ['ENTERPRISE', 'enterprise-beta']];
const CITIES = ['Paris', 'Marseille', 'parisian town', 'Lyon'];

/** `count` users with names, emails, metadata arrays and case worth searching for infixes. */
export function infixUsers(prefix: string, count: number): User[] {
  return Array.from({ length: count }, (_, index) => ({
    user_id: `auth0|${prefix}${String(index).padStart(6, '0')}`,
    email: `${(NAMES[index % NAMES.length] as string).split(' ')[0]?.toLowerCase()}.${prefix}${index}@Example${index % 4}.com`,
    name: `${NAMES[index % NAMES.length]} ${index}`,
    app_metadata: {
      city: CITIES[index % CITIES.length],
      tags: TAGS[index % TAGS.length],
      customer_id: `cus_${(index * 7919).toString(36)}abc${index % 5}`,
    },
    user_metadata: { city: CITIES[index % CITIES.length] },
  })) as User[];
}

/** Infix searches over case-insensitive fields, case-sensitive metadata, and arrays. */
export const INFIX_QUERIES = [
  'name:*robin*',
  'name:*ROBIN*',
  'name:*obin*s*',
  'name:*son*',
  'name:*even*',
  'name:*mil*',
  'name:*ørs*',
  'name:*zzz*',
  'email:*son*',
  'email:*@example1*',
  'email:*.t1*',
  'email:*17@*',
  'app_metadata.tags:*nterpr*',
  'app_metadata.tags:*Enter*',
  'app_metadata.tags:*eta*',
  'app_metadata.customer_id:*abc*',
  'app_metadata.customer_id:*abc3*',
  'app_metadata.city:*aris*',
  'name:*son* AND app_metadata.tags:*eta*',
  'NOT email:*son*',
  'name:*rob* OR app_metadata.city:*eil*',
];

/** Reads the file through a second connection. */
export function readFile<T>(path: string, sql: string, ...params: (string | number)[]): T[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export interface FieldProgress {
  f: number;
  done: number;
  after_v: string;
  after_rid: number;
}

export function progress(path: string): FieldProgress[] {
  return readFile<FieldProgress>(path, 'SELECT f, done, after_v, after_rid FROM trigram_fields ORDER BY f');
}

const pairs = (rows: { rid: number; v: string }[]) => rows.map((row) => `${row.rid}\t${row.v}`);

/**
 * The field's table against its postings: no row that is not a posting; every posting the build
 * has passed (all of them once done) present; and trigram_rows naming exactly the table's rows.
 */
export function expectTableExact(path: string, field: number): void {
  const table = tableName(field);
  const [state] = readFile<FieldProgress>(path, 'SELECT * FROM trigram_fields WHERE f = ?', field);
  expect(state, `field ${field} has a table`).toBeDefined();
  const rows = pairs(readFile(path, `SELECT DISTINCT rid, v FROM ${table} ORDER BY rid, v`));
  const postings = readFile<{ rid: number; v: string }>(
    path,
    `SELECT rid, v FROM postings WHERE f = ? AND typeof(v) = 'text' ORDER BY rid, v`,
    field,
  );
  const held = new Set(rows);
  const all = new Set(pairs(postings));
  expect(rows.filter((row) => !all.has(row))).toEqual([]);
  const passed = state?.done
    ? postings
    : postings.filter((p) => p.v < (state?.after_v as string) || (p.v === state?.after_v && p.rid <= state.after_rid));
  expect(pairs(passed).filter((row) => !held.has(row))).toEqual([]);
  const rowids = readFile<{ rowid: number }>(path, `SELECT rowid FROM ${table} ORDER BY rowid`).map((r) => r.rowid);
  const named = readFile<{ row: number }>(path, 'SELECT row FROM trigram_rows WHERE f = ? ORDER BY row', field);
  expect(named.map((r) => r.row)).toEqual(rowids);
}

/** The ids of every user the search finds (up to 1,000), sorted: answers compared as sets. */
export function sortedIds(cache: UserCache, q: string): string[] {
  return cache
    .search({ q, page: 0, perPage: 1000 })
    .users.map((user) => user.user_id)
    .sort();
}
