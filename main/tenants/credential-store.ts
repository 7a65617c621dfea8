// Secrets (client secrets, pasted tokens) live only in the OS keychain: one entry per tenant id
// under one service name (DESIGN.md, Tenants). Nothing here writes to disk. Each entry records the
// origin and audience the secret was entered for (bound-secret.ts), as JSON:
// `{"v":1,"secret","origin","audience"}`.
import { z } from 'zod';
import { BoundSecret, type SecretBinding } from '../auth0/bound-secret.ts';
import { AppError } from '../errors.ts';
import { keychainUnavailable, type Keychain } from './keychain.ts';

const storedEntrySchema = z.strictObject({
  v: z.literal(1),
  secret: z.string().min(1),
  origin: z.url(),
  audience: z.string().min(1),
});

/**
 * An entry written before secrets were bound (a bare string) is bound, once, to the address the
 * profile names when it is first read: the only address it was ever sent to.
 */
function parseEntry(stored: string, legacyBinding: SecretBinding | undefined): BoundSecret | null {
  if (!stored.startsWith('{')) return legacyBinding ? new BoundSecret(stored, legacyBinding) : null;
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return null;
  }
  const entry = storedEntrySchema.safeParse(value);
  return entry.success ? new BoundSecret(entry.data.secret, entry.data) : null;
}

function serializeEntry(secret: string, binding: SecretBinding): string {
  return JSON.stringify({ v: 1, secret, origin: new URL(binding.origin).origin, audience: binding.audience });
}

export type SecretStorage = 'keychain' | 'memory';

export class CredentialStore {
  readonly #keychain: Keychain;
  readonly #service: string;
  /** Only the demo tenant's generated secret, and only when no keychain is reachable. */
  readonly #memory = new Map<string, BoundSecret>();

  constructor(keychain: Keychain, serviceName: string) {
    this.#keychain = keychain;
    this.#service = serviceName;
  }

  /** Throws `keychain_unavailable` when there is no keychain: the secret is then not stored anywhere. */
  async set(tenantId: string, secret: string, binding: SecretBinding): Promise<void> {
    await this.#call(() => this.#keychain.setPassword(this.#service, tenantId, serializeEntry(secret, binding)));
    this.#memory.delete(tenantId);
  }

  /** For the demo tenant: the keychain when there is one, else memory for this run only. */
  async setOrKeepInMemory(tenantId: string, secret: string, binding: SecretBinding): Promise<SecretStorage> {
    try {
      await this.set(tenantId, secret, binding);
      return 'keychain';
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'keychain_unavailable') throw error;
      this.#memory.set(tenantId, new BoundSecret(secret, binding));
      return 'memory';
    }
  }

  /**
   * The stored secret with the origin it is bound to, or null. `legacyBinding` binds (and
   * rewrites) an entry stored before bindings existed.
   */
  async get(tenantId: string, legacyBinding?: SecretBinding): Promise<BoundSecret | null> {
    const remembered = this.#memory.get(tenantId);
    if (remembered !== undefined) return remembered;
    const stored = await this.#call(() => this.#keychain.getPassword(this.#service, tenantId));
    if (stored === null || stored.length === 0) return null;
    const secret = parseEntry(stored, legacyBinding);
    if (secret && !stored.startsWith('{') && legacyBinding) {
      await this.#call(() =>
        this.#keychain.setPassword(this.#service, tenantId, serializeEntry(stored, legacyBinding)),
      );
    }
    return secret;
  }

  /** The secret, or an error that says what to do when it is missing. */
  async require(tenantId: string, tenantName: string, legacyBinding?: SecretBinding): Promise<BoundSecret> {
    const secret = await this.get(tenantId, legacyBinding);
    if (secret === null) {
      throw new AppError(
        'invalid_credentials',
        `The keychain holds no usable secret for the tenant "${tenantName}". Enter it again in the tenant settings.`,
      );
    }
    return secret;
  }

  async delete(tenantId: string): Promise<void> {
    const inMemory = this.#memory.delete(tenantId);
    try {
      await this.#call(() => this.#keychain.deletePassword(this.#service, tenantId));
    } catch (error) {
      // A secret that lived only in memory has nothing to delete in an absent keychain.
      if (!inMemory) throw error;
    }
  }

  storageOf(tenantId: string): SecretStorage {
    return this.#memory.has(tenantId) ? 'memory' : 'keychain';
  }

  dispose(): void {
    this.#memory.clear();
  }

  async #call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof AppError) throw error;
      // keytar throws plain Errors ("Cannot autolaunch D-Bus without X11 $DISPLAY", "Could not
      // connect: No such file or directory") when no Secret Service answers.
      throw keychainUnavailable(error);
    }
  }
}
