// The change history service (issue 10): records every write Roster makes (UsersService calls
// record()), lists them for the Changes panel, and undoes a root-attribute or metadata change
// through a new PATCH after the same conflict check a save makes.
import { randomInt } from 'node:crypto';
import type { HistoryEntry, HistoryEntryView, ListHistoryArgs } from '../../common/history.ts';
import type { Clock } from '../auth0/clock.ts';
import type { Logger } from '../log.ts';
import { canUndoChanges } from './change-record.ts';
import type { HistoryStore } from './history-store.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export type ChangeInput = Omit<HistoryEntry, 'id' | 'at'>;

/** What UsersService needs: a place to record a write. */
export interface ChangeRecorder {
  record(input: ChangeInput): HistoryEntry | undefined;
}

export class HistoryService implements ChangeRecorder {
  readonly #store: HistoryStore;
  readonly #clock: Pick<Clock, 'now'>;
  readonly #log: Logger;

  constructor(deps: { store: HistoryStore; clock: Pick<Clock, 'now'>; log: Logger }) {
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#log = deps.log;
  }

  /** Never fails the admin's call: a history that cannot be written is logged. */
  record(input: ChangeInput): HistoryEntry | undefined {
    const entry: HistoryEntry = { id: newChangeId(), at: new Date(this.#clock.now()).toISOString(), ...input };
    try {
      this.#store.append(entry);
      return entry;
    } catch (error) {
      this.#log.error('change history: the entry could not be written', { tenantId: input.tenantId, error });
      return undefined;
    }
  }

  list({ tenantId, userId, limit }: ListHistoryArgs): HistoryEntryView[] {
    return this.#store
      .list(tenantId, { ...(userId ? { userId } : {}), ...(limit ? { limit } : {}) })
      .map((entry) => this.view(entry));
  }

  get(tenantId: string, entryId: string): HistoryEntryView | undefined {
    const entry = this.#store.get(tenantId, entryId);
    return entry ? this.view(entry) : undefined;
  }

  view(entry: HistoryEntry): HistoryEntryView {
    const undoneBy = this.#store.undoneBy(entry.tenantId, entry.id)?.id;
    const undoable =
      entry.outcome.ok &&
      undoneBy === undefined &&
      ['update', 'undo', 'block', 'unblock'].includes(entry.action) &&
      canUndoChanges(entry.changes);
    return { ...entry, undoable, ...(undoneBy ? { undoneBy } : {}) };
  }

  /** The tenant was removed. */
  forget(tenantId: string): void {
    this.#store.forget(tenantId);
  }
}

export function newChangeId(): string {
  let id = 'chg_';
  for (let index = 0; index < 16; index += 1) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}
