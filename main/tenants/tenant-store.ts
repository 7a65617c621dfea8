// Tenant profiles in one JSON file in userData (DESIGN.md, Tenants). No secret is ever in it.
// Every record is validated when read (Compass's habit): one bad record is left out, a file
// that cannot be read at all is set aside, and either way the user is told and nothing crashes.
import * as nodeFs from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { tenantProfileSchema, type TenantProfile } from '../../common/tenant.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { silentLogger } from '../log.ts';
import { writeFileAtomic, type FileSystem } from './atomic-write.ts';

export const TENANTS_FILE = 'tenants.json';

const fileSchema = z.object({
  version: z.literal(1),
  tenants: z.array(z.unknown()),
  selectedId: z.string().nullable().optional(),
  demoDismissed: z.boolean().optional(),
});

interface StoreState {
  tenants: TenantProfile[];
  selectedId: string | null;
  /** The user removed the demo tenant: do not bring it back. */
  demoDismissed: boolean;
}

const EMPTY: StoreState = { tenants: [], selectedId: null, demoDismissed: false };

export class TenantStore {
  readonly #path: string;
  readonly #fs: FileSystem;
  readonly #log: Logger;
  #state: StoreState = EMPTY;
  #notices: string[] = [];
  #queue: Promise<unknown> = Promise.resolve();

  constructor(directory: string, fs: FileSystem = nodeFs, log: Logger = silentLogger) {
    this.#path = join(directory, TENANTS_FILE);
    this.#fs = fs;
    this.#log = log;
  }

  get path(): string {
    return this.#path;
  }

  async load(): Promise<void> {
    let text: string;
    try {
      text = await this.#fs.readFile(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.#log.error('tenants file unreadable', { error });
        this.#notices.push(`Roster could not read its tenants file (${this.#path}), so it starts with no tenants.`);
      }
      this.#state = EMPTY;
      return;
    }
    let parsed: z.output<typeof fileSchema>;
    try {
      parsed = fileSchema.parse(JSON.parse(text));
    } catch {
      const aside = await this.#setAside('rename');
      this.#notices.push(
        `The tenants file was damaged and has been set aside as ${aside}. Roster starts with no tenants.`,
      );
      this.#state = EMPTY;
      return;
    }
    const tenants: TenantProfile[] = [];
    let rejected = 0;
    for (const record of parsed.tenants) {
      const profile = tenantProfileSchema.safeParse(record);
      if (profile.success && !tenants.some((tenant) => tenant.id === profile.data.id)) tenants.push(profile.data);
      else rejected += 1;
    }
    if (rejected > 0) {
      const aside = await this.#setAside('copy');
      this.#notices.push(
        `${rejected} tenant profile${rejected === 1 ? ' was' : 's were'} damaged and left out; the original file is kept as ${aside}.`,
      );
    }
    const selectedId = tenants.some((tenant) => tenant.id === parsed.selectedId) ? (parsed.selectedId ?? null) : null;
    this.#state = { tenants, selectedId, demoDismissed: parsed.demoDismissed ?? false };
  }

  /** Problems found when loading, for the UI to show once. */
  get notices(): readonly string[] {
    return this.#notices;
  }

  list(): readonly TenantProfile[] {
    return this.#state.tenants;
  }

  get(id: string): TenantProfile | undefined {
    return this.#state.tenants.find((tenant) => tenant.id === id);
  }

  get selectedId(): string | null {
    return this.#state.selectedId;
  }

  get demoDismissed(): boolean {
    return this.#state.demoDismissed;
  }

  /** Adds the profile, or replaces the one with its id. Never writes what load() would refuse. */
  put(input: TenantProfile): Promise<void> {
    const profile = tenantProfileSchema.parse(input);
    return this.#update((state) => {
      const index = state.tenants.findIndex((tenant) => tenant.id === profile.id);
      const tenants = index === -1 ? [...state.tenants, profile] : state.tenants.with(index, profile);
      return { ...state, tenants };
    });
  }

  remove(id: string): Promise<void> {
    return this.#update((state) => ({
      tenants: state.tenants.filter((tenant) => tenant.id !== id),
      selectedId: state.selectedId === id ? null : state.selectedId,
      demoDismissed: state.demoDismissed || state.tenants.some((tenant) => tenant.id === id && tenant.kind === 'demo'),
    }));
  }

  select(id: string | null): Promise<void> {
    return this.#update((state) => ({ ...state, selectedId: id }));
  }

  /** Changes are applied one at a time, and kept in memory only once they are on disk. */
  #update(change: (state: StoreState) => StoreState): Promise<void> {
    const run = this.#queue.then(async () => {
      const next = change(this.#state);
      const file = {
        version: 1,
        tenants: next.tenants,
        selectedId: next.selectedId,
        demoDismissed: next.demoDismissed,
      };
      try {
        await writeFileAtomic(this.#fs, this.#path, `${JSON.stringify(file, null, 2)}\n`);
      } catch (error) {
        this.#log.error('tenants file not saved', { error });
        throw new AppError(
          'internal',
          `Roster could not save its tenants file (${this.#path}). Check the disk and try again.`,
          {
            cause: error,
          },
        );
      }
      this.#state = next;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #setAside(how: 'rename' | 'copy'): Promise<string> {
    const aside = `${this.#path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      await (how === 'rename' ? this.#fs.rename(this.#path, aside) : this.#fs.copyFile(this.#path, aside));
    } catch (error) {
      this.#log.error('could not set the damaged tenants file aside', { error });
    }
    this.#log.warn('tenants file damaged', { setAsideAs: aside });
    return aside;
  }
}
