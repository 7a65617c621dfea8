// What the main-process integration tests share: a real Secret Service (or a clear failure),
// a keychain service name of their own, and the real got client with a record of its traffic.
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createGotHttpClient,
  HttpFailure,
  type HttpClient,
  type HttpRequest,
} from '../../../main/auth0/http-client.ts';
import { createKeytarKeychain, type Keychain } from '../../../main/tenants/keychain.ts';

export const SECRET_SERVICE_HELP =
  'These tests need a Secret Service (gnome-keyring) on a D-Bus session. Run them as CI does:\n' +
  '  export XDG_DATA_HOME=$(mktemp -d) XDG_RUNTIME_DIR=$(mktemp -d); dbus-run-session -- sh -c ' +
  '\'eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)"; exec "$@"\' sh npx vitest run test/integration/main';

/** A keychain service name used by this test run only, so runs never see each other's entries. */
export function uniqueKeychainService(): string {
  return `Roster (test ${process.pid}-${randomBytes(4).toString('hex')})`;
}

/** The real keytar keychain, after proving that a Secret Service answers. */
export async function requireSecretService(service: string): Promise<Keychain> {
  const keychain = createKeytarKeychain();
  try {
    await keychain.setPassword(service, 'probe', 'probe');
    const read = await keychain.getPassword(service, 'probe');
    await keychain.deletePassword(service, 'probe');
    if (read !== 'probe') throw new Error('the keychain did not return what was stored');
  } catch (error) {
    const said = error instanceof Error ? error.message : String(error);
    throw new Error(`${SECRET_SERVICE_HELP}\n(keytar said: ${said})`, { cause: error });
  }
  return keychain;
}

export interface Exchange {
  method: string;
  path: string;
  status: number | string;
}

/** The real got client, recording method, path and status (or failure kind) of each request. */
export function recordingHttp(): {
  http: HttpClient;
  exchanges: Exchange[];
  onSend: ((request: HttpRequest) => void)[];
} {
  const inner = createGotHttpClient();
  const exchanges: Exchange[] = [];
  const onSend: ((request: HttpRequest) => void)[] = [];
  return {
    exchanges,
    onSend,
    http: {
      async send(request) {
        const path = new URL(request.url).pathname;
        for (const listener of onSend) listener(request);
        try {
          const response = await inner.send(request);
          exchanges.push({ method: request.method, path, status: response.status });
          return response;
        } catch (error) {
          exchanges.push({ method: request.method, path, status: error instanceof HttpFailure ? error.kind : 'error' });
          throw error;
        }
      },
    },
  };
}

export function temporaryDirectory(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}
