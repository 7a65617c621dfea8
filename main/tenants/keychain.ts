// The OS keychain as an interface (STYLE 6). The real one is keytar: macOS Keychain, Windows
// Credential Manager, or a Secret Service (GNOME Keyring, KWallet) over D-Bus on Linux.
import { AppError } from '../errors.ts';

export interface Keychain {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export const KEYCHAIN_UNAVAILABLE_MESSAGE =
  'No keychain is available, so Roster cannot store the secret safely (it never writes one to disk). ' +
  'On Linux, install and start a Secret Service such as GNOME Keyring (package gnome-keyring) or KWallet, ' +
  'make sure it is unlocked, then try again.';

export function keychainUnavailable(cause?: unknown): AppError {
  return new AppError('keychain_unavailable', KEYCHAIN_UNAVAILABLE_MESSAGE, { cause });
}

/**
 * keytar, loaded on first use: a missing native build must read as "no keychain", not crash
 * the main process at start-up.
 */
export function createKeytarKeychain(): Keychain {
  let loaded: Promise<Keychain> | undefined;
  const load = () => {
    loaded ??= import('keytar').then(
      (module) => (module.default ?? module) as Keychain,
      (error: unknown) => {
        loaded = undefined;
        throw keychainUnavailable(error);
      },
    );
    return loaded;
  };
  return {
    getPassword: async (service, account) => (await load()).getPassword(service, account),
    setPassword: async (service, account, password) => (await load()).setPassword(service, account, password),
    deletePassword: async (service, account) => (await load()).deletePassword(service, account),
  };
}

/**
 * 'Roster' for the installed app, 'Roster (development)' otherwise, so a development build
 * never reads or overwrites the secrets of the real one; tests name their own.
 */
export function keychainServiceName(isPackaged: boolean, override: string | undefined): string {
  // A packaged app never takes another service (main/app/environment.ts).
  if (override && !isPackaged) return override;
  return isPackaged ? 'Roster' : 'Roster (development)';
}
