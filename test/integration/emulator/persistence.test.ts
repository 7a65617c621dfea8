// persistTo: the demo tenant keeps its edits across restarts, and its file holds no secret.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { encodeId, fetchToken, managementApi, startTestEmulator } from './helpers.ts';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'roster-emulator-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

describe('persistTo', () => {
  it('keeps edits, creations, deletions, relations and client ids across a restart, but no secret', async () => {
    const file = join(directory, 'demo.ndjson');
    const first = await startTestEmulator({ users: 40, persistTo: file, domain: 'demo.roster.local' });
    const token = await fetchToken(first);
    const api = managementApi(first, token);
    const [kept, removed] = (await api('GET', '/users?per_page=2')).body as User[];
    await api('PATCH', `/users/${encodeId(kept?.user_id as string)}`, { user_metadata: { remembered: true } });
    await api('DELETE', `/users/${encodeId(removed?.user_id as string)}`);
    const created = (
      await api('POST', '/users', {
        connection: 'Username-Password-Authentication',
        email: 'kept@example.com',
        password: 'Str0ng-Passw0rd',
      })
    ).body as User;
    const role = ((await api('GET', '/roles')).body as { id: string }[])[0]?.id as string;
    await api('POST', `/users/${encodeId(created.user_id)}/roles`, { roles: [role] });
    await first.stop();

    const saved = await readFile(file, 'utf8');
    for (const client of first.clients) expect(saved).not.toContain(client.clientSecret);
    expect(saved).not.toMatch(/"(d|p|q|dp|dq|qi)":/);

    const second = await startTestEmulator({ users: 999, seed: 99, persistTo: file, domain: 'demo.roster.local' });
    try {
      expect(second.clientId).toBe(first.clientId);
      expect(second.clientSecret).not.toBe(first.clientSecret);
      // A new signing key: a token from before the restart is refused, a new one works.
      expect((await managementApi(second, token)('GET', '/users?per_page=1')).status).toBe(401);
      const again = managementApi(second, await fetchToken(second));
      const users = (await again('GET', '/users?per_page=100&include_totals=true')).body as { total: number };
      expect(users.total).toBe(40);
      expect(
        ((await again('GET', `/users/${encodeId(kept?.user_id as string)}`)).body as User).user_metadata,
      ).toMatchObject({ remembered: true });
      expect((await again('GET', `/users/${encodeId(removed?.user_id as string)}`)).status).toBe(404);
      const roles = (await again('GET', `/users/${encodeId(created.user_id)}/roles`)).body as { id: string }[];
      expect(roles.map((entry) => entry.id)).toEqual([role]);
    } finally {
      await second.stop();
    }
    expect((await readdir(directory)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('moves a file that is not emulator state aside and starts fresh', async () => {
    const file = join(directory, 'demo.ndjson');
    await writeFile(file, 'not json at all\n');
    const emulator = await startTestEmulator({ users: 12, persistTo: file });
    try {
      const api = managementApi(emulator, await fetchToken(emulator));
      expect(((await api('GET', '/users?include_totals=true&per_page=1')).body as { total: number }).total).toBe(12);
    } finally {
      await emulator.stop();
    }
    expect((await readdir(directory)).some((name) => name.startsWith('demo.ndjson.corrupt-'))).toBe(true);
  });
});
