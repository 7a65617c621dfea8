// Secrets (client secrets, pasted tokens) live only in the OS keychain: one entry per tenant id
// under one service name (DESIGN.md, Tenants). Nothing here writes to disk.
import { AppError } from '../errors.ts';
import { keychainUnavailable, type Keychain } from './keychain.ts';

export type SecretStorage = 'keychain' | 'memory';

export class CredentialStore {
  readonly #keychain: Keychain;
  readonly #service: string;
  /** Only the demo tenant's generated secret, and only when no keychain is reachable. */
  readonly #memory = new Map<string, string>();

  constructor(keychain: Keychain, serviceName: string) {
    this.#keychain = keychain;
    this.#service = serviceName;
  }

  /** Throws `keychain_unavailable` when there is no keychain: the secret is then not stored anywhere. */
  async set(tenantId: string, secret: string): Promise<void> {
    await this.#call(() => this.#keychain.setPassword(this.#service, tenantId, secret));
    this.#memory.delete(tenantId);
  }

  /** For the demo tenant: the keychain when there is one, else memory for this run only. */
  async setOrKeepInMemory(tenantId: string, secret: string): Promise<SecretStorage> {
    try {
      await this.set(tenantId, secret);
      return 'keychain';
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'keychain_unavailable') throw error;
      this.#memory.set(tenantId, secret);
      return 'memory';
    }
  }

  async get(tenantId: string): Promise<string | null> {
    const remembered = this.#memory.get(tenantId);
    if (remembered !== undefined) return remembered;
    return this.#call(() => this.#keychain.getPassword(this.#service, tenantId));
  }

  /** The secret, or an error that says what to do when it is missing. */
  async require(tenantId: string, tenantName: string): Promise<string> {
    const secret = await this.get(tenantId);
    if (secret === null || secret.length === 0) {
      throw new AppError(
        'invalid_credentials',
        `The keychain holds no secret for the tenant "${tenantName}". Enter it again in the tenant settings.`,
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
