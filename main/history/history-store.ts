// The change history on disk: one JSON-lines file per tenant under userData/history, readable
// only by this user (0600 in a 0700 folder). A line is appended and flushed per write; lines are
// validated when read (STYLE: Compass), so a damaged or hand-edited line is skipped and logged,
// never trusted and never the end of the list.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { historyEntrySchema, type HistoryEntry } from '../../common/history.ts';
import { TENANT_ID_PATTERN } from '../../common/tenant.ts';
import type { Logger } from '../log.ts';

/** Past this many entries the oldest are dropped, so the file stays quick to read. */
export const MAX_ENTRIES_PER_TENANT = 5_000;

export interface HistoryStoreOptions {
  directory: string;
  log: Logger;
  maxEntries?: number;
}

export class HistoryStore {
  readonly #directory: string;
  readonly #log: Logger;
  readonly #maxEntries: number;
  /** Entries per tenant, oldest first, once read. */
  readonly #loaded = new Map<string, HistoryEntry[]>();

  constructor(options: HistoryStoreOptions) {
    this.#directory = options.directory;
    this.#log = options.log;
    this.#maxEntries = options.maxEntries ?? MAX_ENTRIES_PER_TENANT;
  }

  /** Newest first. */
  list(tenantId: string, filter: { userId?: string; limit?: number } = {}): HistoryEntry[] {
    const entries = this.#entries(tenantId);
    const result: HistoryEntry[] = [];
    for (let index = entries.length - 1; index >= 0 && result.length < (filter.limit ?? 200); index--) {
      const entry = entries[index] as HistoryEntry;
      if (filter.userId === undefined || entry.userId === filter.userId) result.push(entry);
    }
    return result;
  }

  get(tenantId: string, entryId: string): HistoryEntry | undefined {
    return this.#entries(tenantId).find((entry) => entry.id === entryId);
  }

  /** The undo that reverted an entry, if any. */
  undoneBy(tenantId: string, entryId: string): HistoryEntry | undefined {
    return this.#entries(tenantId).find((entry) => entry.undoOf === entryId && entry.outcome.ok);
  }

  append(entry: HistoryEntry): void {
    // Parsed on the way in too: nothing that breaks the schema (a password value) reaches the disk.
    const checked = historyEntrySchema.parse(entry);
    assertNoSecretValues(checked);
    const entries = this.#entries(checked.tenantId);
    entries.push(checked);
    mkdirSync(this.#directory, { recursive: true, mode: 0o700 });
    if (entries.length > this.#maxEntries) {
      entries.splice(0, entries.length - this.#maxEntries);
      this.#rewrite(checked.tenantId, entries);
      return;
    }
    const handle = openSync(this.#path(checked.tenantId), 'a', 0o600);
    try {
      writeSync(handle, `${JSON.stringify(checked)}\n`);
      fsyncSync(handle);
    } finally {
      closeSync(handle);
    }
  }

  /** The tenant was removed: its history goes with it. */
  forget(tenantId: string): void {
    this.#loaded.delete(tenantId);
    rmSync(this.#path(tenantId), { force: true });
  }

  #entries(tenantId: string): HistoryEntry[] {
    let entries = this.#loaded.get(tenantId);
    if (!entries) {
      entries = this.#read(tenantId);
      this.#loaded.set(tenantId, entries);
    }
    return entries;
  }

  #read(tenantId: string): HistoryEntry[] {
    const path = this.#path(tenantId);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return [];
    }
    const entries: HistoryEntry[] = [];
    let skipped = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const entry = parseLine(line);
      if (entry && entry.tenantId === tenantId && !hasSecretValues(entry)) entries.push(entry);
      else skipped++;
    }
    if (skipped > 0) this.#log.warn('change history: unreadable lines skipped', { tenantId, skipped });
    return entries;
  }

  #rewrite(tenantId: string, entries: HistoryEntry[]): void {
    const path = this.#path(tenantId);
    const temporary = `${path}.tmp`;
    const handle = openSync(temporary, 'w', 0o600);
    try {
      writeSync(handle, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
      fsyncSync(handle);
    } finally {
      closeSync(handle);
    }
    renameSync(temporary, path);
  }

  #path(tenantId: string): string {
    // The id pattern keeps the file name inside the folder.
    if (!TENANT_ID_PATTERN.test(tenantId)) throw new Error('Not a tenant id.');
    return join(this.#directory, `${tenantId}.jsonl`);
  }
}

function parseLine(line: string): HistoryEntry | null {
  try {
    const parsed = historyEntrySchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function hasSecretValues(entry: HistoryEntry): boolean {
  return entry.changes.some(
    (change) =>
      (change.secret || change.field === 'password') && (change.before !== undefined || change.after !== undefined),
  );
}

function assertNoSecretValues(entry: HistoryEntry): void {
  if (hasSecretValues(entry)) throw new Error('A change history entry may not hold a password.');
}
