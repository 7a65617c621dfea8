// The postings of a full sync's new copy, built in the background of the main process after the
// copy has been swapped in (full-sync.ts stores the users only, so that a sync is done when its
// users are). Until the build is complete, searches scan the users (scan-search.ts) and give the
// same answers; a close or a crash leaves the `indexPending` mark, and the next open builds again.
//
// Two passes, each a series of short steps with the event loop turning in between, so that every
// IPC call is answered meanwhile:
// 1. Stage: the users in row-id order, a slice of a few milliseconds at a time, parsed and read
//    through postings.ts (the same reading as a live write), their postings appended unsorted to a
//    table per field in a scratch file attached to the live database.
// 2. Load: each field's postings sorted into the live tables, one field per step.
//
// Writes during the build (write-through, incremental sync) keep the live tables exact as usual
// (user-writer.ts); their row ids are `touched`, and the load leaves those rows out, so that a
// posting staged from a user's older version is never loaded over its newer one.
import { closeSync, openSync } from 'node:fs';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { User } from '../../common/auth0.ts';
import type { Logger } from '../log.ts';
import { removeWithSideFiles } from './cache-file.ts';
import type { MetadataCatalog } from './catalog.ts';
import { onNextTurn, type StepSchedule } from './next-turn.ts';
import { repeatedFields, userPostings, type StoredValue } from './postings.ts';
import { RowStager } from './row-stager.ts';
import { inTransaction } from './transaction.ts';

/** meta key: the postings are not complete yet. */
export const INDEX_PENDING_KEY = 'indexPending';

export function postingScratchPath(livePath: string): string {
  return `${livePath}.postings-scratch`;
}

export function isIndexPending(db: DatabaseSync): boolean {
  return db.prepare('SELECT 1 FROM meta WHERE key = ?').get(INDEX_PENDING_KEY) !== undefined;
}

export interface PostingBuildOptions {
  /** A staging step stops taking users once it has run this long. */
  sliceMs?: number;
  /** Users read from SQLite at a time in a staging step (at least one read a step). */
  usersPerRead?: number;
  /** Runs `step` later; returns a cancel. Default: onNextTurn (next-turn.ts). */
  schedule?: StepSchedule;
}

const DEFAULT_SLICE_MS = 8;
/** Users read from SQLite per staging read; the time limit usually ends a step after a few reads. */
const USERS_PER_READ = 256;
/** Shares of the work, as measured at 100k users: staging about 40%, loading the rest. */
const STAGE_SHARE = 0.4;

/** One field's scratch table, to be sorted into its live table. */
interface Load {
  table: 'postings' | 'reversed';
  prefix: 'p' | 'r';
  field: number;
}

export class PostingBuild {
  #db: DatabaseSync;
  #catalog: MetadataCatalog;
  #scratch: string;
  #log: Logger;
  #tenantId: string;
  #sliceMs: number;
  #usersPerRead: number;
  #schedule: StepSchedule;
  #onDone: () => void;
  /** Staging: the last row id staged, and the highest one to stage (later rows are written live). */
  #after = 0;
  #upTo: number;
  #postings = new Map<number, RowStager>();
  #reversed = new Map<number, RowStager>();
  /** Loading: the (table, field) pairs left, in order. */
  #loads: Load[] | null = null;
  #loadsTotal = 0;
  #touched = new Set<number>();
  /** A load wrote its field's postings to the WAL: the next step copies them into the file. */
  #checkpointDue = false;
  #readUsers: StatementSync;
  #cancel: (() => void) | null = null;
  #state: 'running' | 'done' | 'failed' | 'stopped' = 'running';
  #idle: (() => void)[] = [];

  /**
   * Starts (or, after a close or crash, starts again) the build of a file marked pending. The
   * first part runs now, before any write can come: it clears whatever postings the file holds,
   * since the build makes them all again from the users as they are.
   */
  constructor(options: {
    db: DatabaseSync;
    catalog: MetadataCatalog;
    livePath: string;
    log: Logger;
    tenantId: string;
    onDone: () => void;
    build?: PostingBuildOptions;
  }) {
    this.#db = options.db;
    this.#catalog = options.catalog;
    this.#scratch = postingScratchPath(options.livePath);
    this.#log = options.log;
    this.#tenantId = options.tenantId;
    this.#onDone = options.onDone;
    this.#sliceMs = options.build?.sliceMs ?? DEFAULT_SLICE_MS;
    this.#usersPerRead = Math.max(1, Math.trunc(options.build?.usersPerRead ?? USERS_PER_READ));
    this.#schedule = options.build?.schedule ?? onNextTurn;
    const db = this.#db;
    inTransaction(db, () => {
      db.exec('DELETE FROM postings');
      db.exec('DELETE FROM reversed');
    });
    removeWithSideFiles(this.#scratch);
    closeSync(openSync(this.#scratch, 'wx', 0o600));
    db.prepare('ATTACH DATABASE ? AS build').run(this.#scratch);
    try {
      // A disposable file: nothing to recover if the process dies (the build starts again).
      db.exec('PRAGMA build.journal_mode = OFF');
      db.exec('PRAGMA build.synchronous = OFF');
      db.exec('PRAGMA build.cache_size = -8000');
      // Deleted whole when the build ends: zeroing each staged table it drops (the live file's
      // secure_delete, which ATTACH passes on) would only write it twice.
      db.exec('PRAGMA build.secure_delete = OFF');
    } catch (error) {
      db.exec('DETACH DATABASE build');
      removeWithSideFiles(this.#scratch);
      throw error;
    }
    db.exec('PRAGMA wal_autocheckpoint = 0');
    const top = db.prepare('SELECT max(rid) AS top FROM users').get() as { top: number | null };
    this.#upTo = top.top ?? 0;
    this.#readUsers = db.prepare('SELECT rid, doc FROM users WHERE rid > ? AND rid <= ? ORDER BY rid LIMIT ?');
    this.#next();
  }

  /** The build stopped on an error (logged): searches scan until the next open builds again. */
  get failed(): boolean {
    return this.#state === 'failed';
  }

  /** How far the build is, 0 to 1. */
  progress(): number {
    if (this.#state === 'done') return 1;
    if (this.#loads === null) return this.#upTo === 0 ? 0 : STAGE_SHARE * (this.#after / this.#upTo);
    const loaded = this.#loadsTotal === 0 ? 1 : (this.#loadsTotal - this.#loads.length) / this.#loadsTotal;
    return STAGE_SHARE + (1 - STAGE_SHARE) * loaded;
  }

  /** Rows that committed writes changed: their postings are already live, never to be loaded. */
  touched(rids: Iterable<number>): void {
    if (this.#state !== 'running') return;
    for (const rid of rids) this.#touched.add(rid);
  }

  /** Resolves once the build is no longer running (done, failed or stopped). */
  whenIdle(): Promise<void> {
    if (this.#state !== 'running') return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Stops for good (the file closes or is replaced); the mark stays, so the next open builds again. */
  stop(): void {
    if (this.#state !== 'running') return;
    this.#cancel?.();
    this.#cancel = null;
    this.#end('stopped');
  }

  #next(): void {
    this.#cancel = this.#schedule(() => this.#step());
  }

  #step(): void {
    this.#cancel = null;
    if (this.#state !== 'running') return;
    try {
      if (this.#checkpointDue) this.#checkpoint();
      else if (this.#loads === null) this.#stage();
      else if (this.#loads.length > 0) this.#load();
      else return this.#finish();
    } catch (error) {
      this.#log.warn('could not build the offline index; searches scan the cached users until it is built', {
        tenantId: this.#tenantId,
        error: error instanceof Error ? error.message : String(error),
      });
      return this.#end('failed');
    }
    this.#next();
  }

  /** One slice of users into the scratch tables, in one transaction. */
  #stage(): void {
    const db = this.#db;
    const started = performance.now();
    try {
      inTransaction(db, () => {
        // At least one read a step, however short the slice.
        do {
          const rows = this.#readUsers.all(this.#after, this.#upTo, this.#usersPerRead) as {
            rid: number;
            doc: string;
          }[];
          for (const { rid, doc } of rows) this.#stageUser(rid, JSON.parse(doc) as User);
          if (rows.length > 0) this.#after = (rows[rows.length - 1] as { rid: number }).rid;
          if (rows.length < this.#usersPerRead) {
            this.#after = this.#upTo;
            break;
          }
        } while (performance.now() - started < this.#sliceMs);
      });
    } catch (error) {
      // The paths it interned are gone with the rollback.
      this.#catalog.reload(db);
      throw error;
    }
    if (this.#after >= this.#upTo) this.#planLoads();
  }

  #stageUser(rid: number, user: User): void {
    const { fields, values, reversedFields, reversedValues } = userPostings(user, this.#catalog);
    this.#catalog.markMultiValued(repeatedFields(fields));
    for (let index = 0; index < fields.length; index++) {
      this.#stager(this.#postings, 'p', fields[index] as number).add(values[index] as StoredValue, rid);
    }
    for (let index = 0; index < reversedFields.length; index++) {
      this.#stager(this.#reversed, 'r', reversedFields[index] as number).add(reversedValues[index] as string, rid);
    }
  }

  #stager(stagers: Map<number, RowStager>, prefix: 'p' | 'r', field: number): RowStager {
    let stager = stagers.get(field);
    if (!stager) {
      this.#db.exec(`CREATE TABLE build.${prefix}${field} (v, rid INTEGER NOT NULL)`);
      stager = new RowStager(this.#db, `build.${prefix}${field}`);
      stagers.set(field, stager);
    }
    return stager;
  }

  #planLoads(): void {
    // In field order, so that each load appends to the table's b-tree (its key is f, v, rid).
    const fieldsOf = (stagers: Map<number, RowStager>) => [...stagers.keys()].sort((left, right) => left - right);
    this.#loads = [
      ...fieldsOf(this.#postings).map((field): Load => ({ table: 'postings', prefix: 'p', field })),
      ...fieldsOf(this.#reversed).map((field): Load => ({ table: 'reversed', prefix: 'r', field })),
    ];
    this.#loadsTotal = this.#loads.length;
  }

  /** One field's postings, sorted into its live table, leaving out the rows written meanwhile. */
  #load(): void {
    const { table, prefix, field } = this.#loads?.[0] as Load;
    const db = this.#db;
    const stagers = prefix === 'p' ? this.#postings : this.#reversed;
    inTransaction(db, () => {
      (stagers.get(field) as RowStager).flush();
      const skip = this.#touched.size === 0 ? '' : ' WHERE rid NOT IN (SELECT value FROM json_each(?))';
      // OR IGNORE: a value repeated in one user's array is one posting.
      const load = db.prepare(
        `INSERT OR IGNORE INTO main.${table} (f, v, rid) SELECT ${field}, v, rid FROM build.${prefix}${field}${skip} ORDER BY 1, 2, 3`,
      );
      if (skip === '') load.run();
      else load.run(JSON.stringify([...this.#touched]));
      db.exec(`DROP TABLE build.${prefix}${field}`);
    });
    stagers.delete(field);
    this.#loads?.shift();
    this.#checkpointDue = true;
  }

  /**
   * The WAL into the file, as a step of its own: SQLite would do it inside the commit that made
   * the WAL pass 1000 pages, adding the copy of a whole field's postings to that step's hold
   * (about a second at 1M users). Automatic checkpoints are off while the build runs.
   */
  #checkpoint(): void {
    this.#checkpointDue = false;
    this.#db.prepare('PRAGMA wal_checkpoint(PASSIVE)').get();
  }

  #finish(): void {
    this.#db.prepare('DELETE FROM meta WHERE key = ?').run(INDEX_PENDING_KEY);
    this.#end('done');
    this.#log.info('offline index built', { tenantId: this.#tenantId });
    this.#onDone();
  }

  #end(state: 'done' | 'failed' | 'stopped'): void {
    this.#state = state;
    // SQLite's default, which the live connection keeps otherwise.
    if (this.#db.isOpen) this.#db.exec('PRAGMA wal_autocheckpoint = 1000');
    this.#postings.clear();
    this.#reversed.clear();
    this.#touched.clear();
    if (this.#db.isOpen && !this.#db.isTransaction) {
      try {
        this.#db.exec('DETACH DATABASE build');
      } catch {
        // Not attached (the constructor failed before), or the file is going away with the cache.
      }
    }
    removeWithSideFiles(this.#scratch);
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}
