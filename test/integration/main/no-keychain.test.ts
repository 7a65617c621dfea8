// With no D-Bus session there is no Secret Service: adding a tenant must fail with
// keychain_unavailable, in words that say what to install, and no secret may reach the disk.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { temporaryDirectory, uniqueKeychainService } from './support.ts';

const run = promisify(execFile);
const fixture = resolve(import.meta.dirname, 'fixtures/add-tenant-without-keychain.ts');

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('without a keychain', () => {
  it('answers keychain_unavailable, sends nothing, writes no secret, and keeps the demo secret in memory', async () => {
    const userData = await temporaryDirectory('roster-int-nokeychain-');
    const secret = `canary-secret-${Date.now()}`;
    const { DISPLAY: _display, ...env } = process.env;
    const { stdout } = await run(process.execPath, [fixture, userData, uniqueKeychainService(), secret], {
      env: { ...env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/roster-test-bus' },
      timeout: 20_000,
    });
    const outcome = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    expect(outcome.added).toEqual({
      ok: false,
      error: { code: 'keychain_unavailable', message: expect.stringContaining('gnome-keyring') },
    });
    expect(outcome.requests).toBe(0);
    expect(outcome.tenants).toEqual([{ kind: 'demo', secretStorage: 'memory' }]);
    for (const file of await filesUnder(userData)) {
      expect(await readFile(file, 'utf8')).not.toContain(secret);
    }
  });
});
