// Fills the trigram tables (trigrams.ts) in the background of the main process, which also serves
// every IPC call: one short transaction at a time (a bounded number of postings, cut short after
// a few milliseconds), each slice scheduled with setImmediate so that whatever is waiting runs in
// between. A build that fails only costs speed: it is logged, its table dropped, and the field's
// searches keep scanning its values.
import type { Logger } from '../log.ts';
import { onNextTurn, type StepSchedule } from './next-turn.ts';
import type { TrigramIndexes } from './trigrams.ts';

export interface TrigramBuildOptions {
  /** Most postings one slice puts in a table. */
  sliceRows?: number;
  /** A slice stops taking postings once it has run this long. */
  sliceMs?: number;
  /** Runs `slice` later; returns a cancel. Default: onNextTurn (next-turn.ts). */
  schedule?: StepSchedule;
  /** Told each slice's postings (0 for the slices that create or merge a table; tests check the bound). */
  onSlice?: (field: number, rows: number) => void;
}

export const DEFAULT_SLICE_ROWS = 1000;
/** The commit then flushes what the slice put in (about as long again). */
export const DEFAULT_SLICE_MS = 3;

export class TrigramBuilder {
  #indexes: TrigramIndexes;
  #log: Logger;
  #tenantId: string;
  #sliceRows: number;
  #sliceMs: number;
  #schedule: StepSchedule;
  #onSlice: ((field: number, rows: number) => void) | undefined;
  /** Fields to build, in the order asked; the first is being built. `started`: its table exists. */
  #queue: { field: number; started: boolean }[] = [];
  /** Fields whose build failed: not tried again until the cache is opened again. */
  #failed = new Set<number>();
  #cancel: (() => void) | null = null;
  #stopped = false;
  #idle: (() => void)[] = [];

  constructor(indexes: TrigramIndexes, log: Logger, tenantId: string, options: TrigramBuildOptions = {}) {
    this.#indexes = indexes;
    this.#log = log;
    this.#tenantId = tenantId;
    this.#sliceRows = Math.max(1, Math.trunc(options.sliceRows ?? DEFAULT_SLICE_ROWS));
    this.#sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
    this.#schedule = options.schedule ?? onNextTurn;
    this.#onSlice = options.onSlice;
  }

  /** Builds resumed when the cache opens: those a close or a crash interrupted. */
  resume(): void {
    for (const field of this.#indexes.unfinished()) this.#enqueue(field, true);
  }

  /**
   * Asks for the field's table (an infix search met the field): true when it is complete;
   * otherwise its build is queued (the table itself is created by the first slice, not here).
   */
  request(field: number): boolean {
    if (this.#indexes.isReady(field)) return true;
    if (this.#stopped || this.#failed.has(field)) return false;
    this.#enqueue(field, this.#indexes.has(field));
    return false;
  }

  /** Resolves once no build is pending (all done, failed, or the builder stopped). */
  whenIdle(): Promise<void> {
    if (this.#cancel === null) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Stops the loop for good (the file closes or is replaced); progress is kept in the file. */
  stop(): void {
    this.#stopped = true;
    this.#queue = [];
    this.#cancel?.();
    this.#cancel = null;
    this.#settle();
  }

  #enqueue(field: number, started: boolean): void {
    if (this.#stopped || this.#queue.some((entry) => entry.field === field)) return;
    this.#queue.push({ field, started });
    if (this.#cancel === null) this.#cancel = this.#schedule(() => this.#step());
  }

  #step(): void {
    this.#cancel = null;
    // A table that a failed write gave up (trigrams.ts) is not built again in this session.
    while (this.#queue[0]?.started === true && !this.#indexes.has(this.#queue[0].field)) {
      this.#failed.add((this.#queue.shift() as { field: number }).field);
    }
    const entry = this.#queue[0];
    if (this.#stopped || entry === undefined) return this.#settle();
    const started = performance.now();
    try {
      if (!entry.started) {
        // A slice of its own: from now on every write keeps the table up to date.
        this.#indexes.start(entry.field);
        entry.started = true;
        this.#onSlice?.(entry.field, 0);
      } else {
        const { rows, done } = this.#indexes.slice(
          entry.field,
          this.#sliceRows,
          () => performance.now() - started >= this.#sliceMs,
        );
        this.#onSlice?.(entry.field, rows);
        if (done) this.#queue.shift();
      }
    } catch (error) {
      this.#queue.shift();
      this.#fail(entry.field, error);
    }
    if (this.#queue.length > 0) this.#cancel = this.#schedule(() => this.#step());
    else this.#settle();
  }

  #fail(field: number, error: unknown): void {
    this.#failed.add(field);
    this.#log.warn('could not build a trigram index for infix searches; they scan instead', {
      tenantId: this.#tenantId,
      field,
      error: error instanceof Error ? error.message : String(error),
    });
    try {
      this.#indexes.drop(field);
    } catch {
      // The file refuses writes (disk full, corrupt): the table stays, unfinished, and every write
      // still keeps it up to date; searches keep scanning, and the next open tries again.
    }
  }

  #settle(): void {
    if (this.#cancel !== null) return;
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}
