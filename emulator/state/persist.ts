import { createReadStream, createWriteStream } from 'node:fs';
import { access, rename, unlink } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import type { User } from '../../common/auth0.ts';
import { TenantStore } from './store.ts';
import { newClientSecret } from '../seed/tenant.ts';
import type { EmulatorClient, TenantMeta, UserRelations } from './types.ts';

// The state file is NDJSON: a header line (tenant meta), then one line per user. Lines keep a
// million-user tenant under V8's string limit and let a corrupt line cost one user, not all.
// It never holds a secret: client secrets and the signing key are new at every start, so that the
// demo tenant's file in userData holds nothing a keychain should (Roster's rule: no secret on disk).
const FORMAT = 'roster-emulator-state';
const VERSION = 2;
const DEBOUNCE_MS = 500;

interface Header {
  format: string;
  version: number;
  meta: Omit<TenantMeta, 'clients'> & { clients: Omit<EmulatorClient, 'client_secret'>[] };
}

function isHeader(value: unknown): value is Header {
  const header = value as Partial<Header> | null;
  return (
    typeof header === 'object' &&
    header !== null &&
    header.format === FORMAT &&
    header.version === VERSION &&
    Array.isArray(header.meta?.connections) &&
    Array.isArray(header.meta?.clients) &&
    Array.isArray(header.meta?.roles)
  );
}

function isUserLine(value: unknown): value is { u: User; r?: UserRelations } {
  const line = value as { u?: { user_id?: unknown } } | null;
  return typeof line === 'object' && line !== null && typeof line.u?.user_id === 'string';
}

/** Reads a state file; null when there is none. A file that is not ours is moved aside, and the tenant starts fresh. */
export async function loadState(
  path: string,
  log: (line: string) => void = () => {},
): Promise<{ store: TenantStore } | null> {
  try {
    await access(path);
  } catch {
    return null;
  }
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let header: Header | null = null;
  const users: User[] = [];
  const relations = new Map<string, UserRelations>();
  let skipped = 0;
  for await (const text of lines) {
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (header === null) {
      if (!isHeader(value)) break;
      header = value;
    } else if (isUserLine(value)) {
      users.push(value.u);
      if (value.r) relations.set(value.u.user_id, value.r);
    } else skipped += 1;
  }
  if (header === null) {
    await rename(path, `${path}.corrupt-${Date.now()}`);
    log(`emulator: ${path} is not an emulator state file; moved it aside and seeded a fresh tenant`);
    return null;
  }
  if (skipped > 0) log(`emulator: skipped ${skipped} unreadable user lines in ${path}`);
  const clients = header.meta.clients.map((client) => ({ ...client, client_secret: newClientSecret() }));
  const store = new TenantStore({ ...header.meta, clients });
  store.loadUsers(users, relations);
  return { store };
}

async function writeState(path: string, store: TenantStore): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const output = createWriteStream(temporary, { encoding: 'utf8', mode: 0o600 });
  const write = (line: string) =>
    output.write(line) ? Promise.resolve() : new Promise<void>((resolve) => output.once('drain', resolve));
  try {
    const clients = store.meta.clients.map(({ client_secret: _secret, ...client }) => client);
    const header: Header = { format: FORMAT, version: VERSION, meta: { ...store.meta, clients } };
    await write(`${JSON.stringify(header)}\n`);
    const relations = store.allRelations();
    for (const user of store.users()) {
      const related = relations.get(user.user_id);
      await write(`${JSON.stringify(related ? { u: user, r: related } : { u: user })}\n`);
    }
    output.end();
    await finished(output);
    await rename(temporary, path);
  } catch (error) {
    output.destroy();
    await unlink(temporary).catch(() => {});
    throw error;
  }
}

/** Writes the tenant after changes (debounced) and once more on close; each write is temp file + rename. */
export class StatePersister {
  readonly #path: string;
  readonly #store: TenantStore;
  readonly #log: (line: string) => void;
  readonly #unsubscribe: () => void;
  #timer: NodeJS.Timeout | null = null;
  #dirty = false;
  #writing: Promise<void> = Promise.resolve();

  constructor(path: string, store: TenantStore, log: (line: string) => void) {
    this.#path = path;
    this.#store = store;
    this.#log = log;
    this.#unsubscribe = store.onChange(() => this.#schedule());
  }

  #schedule(): void {
    this.#dirty = true;
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, DEBOUNCE_MS);
    this.#timer.unref();
  }

  flush(): Promise<void> {
    this.#dirty = false;
    this.#writing = this.#writing
      .then(() => writeState(this.#path, this.#store))
      .catch((error: unknown) => this.#log(`emulator: could not save ${this.#path}: ${String(error)}`));
    return this.#writing;
  }

  async close(): Promise<void> {
    this.#unsubscribe();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#dirty) await this.flush();
    await this.#writing;
  }
}
