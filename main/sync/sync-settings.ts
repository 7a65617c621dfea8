// Each tenant's sync settings (auto-sync age, "Work offline"), kept in a small JSON file of its
// own, so the tenant profile's schema stays as it is. Read back through zod (STYLE: Compass): a
// damaged or hand-edited file gives the defaults and a log line, never a crash.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SYNC_SETTINGS, syncSettingsSchema, type SyncSettings } from '../../common/sync.ts';
import { TENANT_ID_PATTERN } from '../../common/tenant.ts';
import type { Logger } from '../log.ts';

export class SyncSettingsStore {
  readonly #directory: string;
  readonly #log: Logger;
  readonly #loaded = new Map<string, SyncSettings>();

  constructor(options: { directory: string; log: Logger }) {
    this.#directory = options.directory;
    this.#log = options.log;
  }

  get(tenantId: string): SyncSettings {
    let settings = this.#loaded.get(tenantId);
    if (!settings) {
      settings = this.#read(tenantId);
      this.#loaded.set(tenantId, settings);
    }
    return settings;
  }

  set(tenantId: string, changes: Partial<SyncSettings>): SyncSettings {
    const next = syncSettingsSchema.parse({ ...this.get(tenantId), ...changes });
    mkdirSync(this.#directory, { recursive: true, mode: 0o700 });
    const path = this.#path(tenantId);
    const temporary = `${path}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, path);
    this.#loaded.set(tenantId, next);
    return next;
  }

  /** The tenant was removed. */
  forget(tenantId: string): void {
    this.#loaded.delete(tenantId);
    rmSync(this.#path(tenantId), { force: true });
  }

  #read(tenantId: string): SyncSettings {
    let text: string;
    try {
      text = readFileSync(this.#path(tenantId), 'utf8');
    } catch {
      return { ...DEFAULT_SYNC_SETTINGS };
    }
    try {
      const parsed = syncSettingsSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON: the defaults below.
    }
    this.#log.warn('sync settings unreadable; using the defaults', { tenantId });
    return { ...DEFAULT_SYNC_SETTINGS };
  }

  #path(tenantId: string): string {
    // Tenant ids come from the contract's schema; this keeps a path from ever being built from anything else.
    if (!TENANT_ID_PATTERN.test(tenantId)) throw new Error('Not a tenant id.');
    return join(this.#directory, `${tenantId}.json`);
  }
}
