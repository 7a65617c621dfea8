// The change history end to end in main: the emulator over HTTP, the history file on disk, the
// real keychain. Writes are recorded with before and after (never a password), a change is undone
// through a new PATCH, an undo after a change made behind Roster's back is a conflict until
// forced, the file survives a restart and a damaged line is skipped, and a PATCH that breaks
// Auth0's rules is refused before anything is sent.
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { startEmulator, type EmulatorHandle } from '../../../emulator/index.ts';
import { undoChange } from '../../../main/history/undo-change.ts';
import { silentLogger } from '../../../main/log.ts';
import { createServices, type Services } from '../../../main/services.ts';
import { encodeId, fetchToken, managementApi } from '../emulator/helpers.ts';
import { recordingHttp, requireSecretService, temporaryDirectory, uniqueKeychainService } from './support.ts';

const keychainService = uniqueKeychainService();
let emulator: EmulatorHandle;
let services: Services;
let tenantId: string;
let userData: string;
let api: ReturnType<typeof managementApi>;
const recorder = recordingHttp();

async function start(): Promise<Services> {
  return createServices({
    userDataDir: userData,
    keychain: await requireSecretService(keychainService),
    keychainService,
    log: silentLogger,
    emit: () => undefined,
    http: recorder.http,
  });
}

async function emulatorUser(userId: string): Promise<User> {
  return (await api('GET', `/users/${encodeId(userId)}`)).body as User;
}

async function firstUserOf(connection: string): Promise<User> {
  const query = new URLSearchParams({ q: `identities.connection:"${connection}"`, per_page: '1' });
  const [user] = (await api('GET', `/users?${query}`)).body as User[];
  if (!user) throw new Error(`no ${connection} user`);
  return user;
}

beforeAll(async () => {
  emulator = await startEmulator({ users: 200, seed: 5 });
  api = managementApi(emulator, await fetchToken(emulator));
  userData = await temporaryDirectory('roster-int-history-');
  services = await start();
  const added = await services.tenants.add({
    name: 'History test',
    domain: emulator.domain,
    apiBaseUrl: emulator.url,
    auth: { mode: 'client_credentials', clientId: emulator.clientId, clientSecret: emulator.clientSecret },
    verify: false,
  });
  tenantId = added.tenant.id;
}, 60_000);

afterAll(async () => {
  await services?.dispose();
  await emulator?.stop();
});

describe('change history against the emulator', () => {
  it('records an edit with before and after per attribute and metadata key, and undoes it', async () => {
    const user = await firstUserOf('Username-Password-Authentication');
    const ref = { tenantId, userId: user.user_id };
    await api('PATCH', `/users/${encodeId(user.user_id)}`, { user_metadata: { theme: 'dark', lang: 'fr' } });
    await services.users.update(ref, { given_name: 'Grace', user_metadata: { theme: 'light', added: { a: 1 } } });

    const [entry] = services.history.list({ tenantId, userId: user.user_id });
    expect(entry).toMatchObject({ action: 'update', undoable: true, outcome: { ok: true } });
    expect(entry?.changes).toEqual(
      expect.arrayContaining([
        { field: 'given_name', ...(user.given_name ? { before: user.given_name } : {}), after: 'Grace' },
        { field: 'user_metadata.theme', before: 'dark', after: 'light' },
        { field: 'user_metadata.added', after: { a: 1 } },
      ]),
    );

    const undone = await undoChange(
      { history: services.history, users: services.users },
      { tenantId, entryId: entry!.id },
    );
    expect(undone.entry).toMatchObject({ action: 'undo', undoOf: entry!.id });
    const after = await emulatorUser(user.user_id);
    expect(after.given_name).toBe(user.given_name);
    expect(after.user_metadata).toEqual({ ...user.user_metadata, theme: 'dark', lang: 'fr' });
    expect(services.history.get(tenantId, entry!.id)).toMatchObject({ undoable: false, undoneBy: undone.entry.id });
  });

  it('an undo after a change made elsewhere is a conflict, until forced', async () => {
    const user = await firstUserOf('Username-Password-Authentication');
    const ref = { tenantId, userId: user.user_id };
    await services.users.update(ref, { nickname: 'first' });
    const [entry] = services.history.list({ tenantId, userId: user.user_id });
    await api('PATCH', `/users/${encodeId(user.user_id)}`, { nickname: 'elsewhere' });
    const deps = { history: services.history, users: services.users };
    await expect(undoChange(deps, { tenantId, entryId: entry!.id })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('nickname is now "elsewhere" (was "first")'),
    });
    expect((await emulatorUser(user.user_id)).nickname).toBe('elsewhere');
    await undoChange(deps, { tenantId, entryId: entry!.id, force: true });
    expect((await emulatorUser(user.user_id)).nickname).toBe(user.nickname);
  });

  it('records a password only as changed, and a failed write with Auth0’s error', async () => {
    const user = await firstUserOf('Username-Password-Authentication');
    const ref = { tenantId, userId: user.user_id };
    const password = 'Canary-Password-9431!';
    await services.users.update(ref, { password });
    await expect(services.users.update(ref, { password: 'short' })).rejects.toMatchObject({ status: 400 });
    const [failed, changed] = services.history.list({ tenantId, userId: user.user_id });
    expect(changed).toMatchObject({
      changes: [{ field: 'password', secret: true }],
      outcome: { ok: true },
      undoable: false,
    });
    expect(failed).toMatchObject({ outcome: { ok: false, code: 'api_error' } });
    for (const file of readdirSync(join(userData, 'history'))) {
      const text = readFileSync(join(userData, 'history', file), 'utf8');
      expect(text).not.toContain(password);
      expect(text).not.toContain('short');
    }
  });

  it('refuses a PATCH that breaks Auth0’s rules before sending anything', async () => {
    const social = await firstUserOf('google-oauth2');
    const before = recorder.exchanges.filter((exchange) => exchange.method === 'PATCH').length;
    await expect(
      services.users.update({ tenantId, userId: social.user_id }, { name: 'Renamed' }),
    ).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('google-oauth2 overwrites name at each login'),
    });
    await expect(
      services.users.update({ tenantId, userId: social.user_id }, { username: 'x', email: 'a@b.example' }),
    ).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('username and email') });
    expect(recorder.exchanges.filter((exchange) => exchange.method === 'PATCH').length).toBe(before);
    expect(services.history.list({ tenantId, userId: social.user_id })).toEqual([]);
  });

  it('unlinks a linked identity and records it', async () => {
    const primary = await firstUserOf('Username-Password-Authentication');
    const social = await firstUserOf('github');
    const [provider, ...rest] = social.user_id.split('|');
    await api('POST', `/users/${encodeId(primary.user_id)}/identities`, { provider, user_id: rest.join('|') });
    const remaining = await services.users.unlinkIdentity({
      tenantId,
      userId: primary.user_id,
      provider: provider!,
      identityUserId: rest.join('|'),
    });
    expect(remaining.map((identity) => identity.provider)).toEqual(['auth0']);
    expect((await emulatorUser(social.user_id)).user_id).toBe(social.user_id);
    expect(services.history.list({ tenantId, userId: primary.user_id })[0]).toMatchObject({
      action: 'unlink-identity',
      changes: [{ field: 'identities', before: social.user_id }],
      undoable: false,
    });
  });

  it('records a role assignment by name, with the roles held before and after (issue 18)', async () => {
    const user = await firstUserOf('Username-Password-Authentication');
    const ref = { tenantId, userId: user.user_id };
    const roles = (await api('GET', '/roles?per_page=100')).body as { id: string; name: string }[];
    const id = (name: string) => roles.find((role) => role.name === name)?.id ?? '';
    const held = (await api('GET', `/users/${encodeId(user.user_id)}/roles`)).body as { id: string }[];
    if (held.length > 0)
      await services.users.removeRoles(
        ref,
        held.map((role) => role.id),
      );
    await services.users.assignRoles(ref, [id('Editor')]);
    await services.users.assignRoles(ref, [id('Administrator')]);
    await services.users.removeRoles(ref, [id('Editor')]);

    const [removal, assignment] = services.history.list({ tenantId, userId: user.user_id });
    expect(assignment).toMatchObject({
      action: 'assign-roles',
      outcome: { ok: true },
      changes: [{ field: 'roles', before: ['Editor'], after: ['Administrator', 'Editor'] }],
    });
    expect(removal).toMatchObject({
      action: 'remove-roles',
      changes: [{ field: 'roles', before: ['Administrator', 'Editor'], after: ['Administrator'] }],
    });
  });

  it('keeps the history across a restart and skips a damaged line', async () => {
    const count = services.history.list({ tenantId }).length;
    const [file] = readdirSync(join(userData, 'history'));
    appendFileSync(join(userData, 'history', file!), '{"id":"chg_broken", "at": 3}\nnot json\n');
    await services.dispose();
    services = await start();
    expect(services.history.list({ tenantId })).toHaveLength(count);
    const user = await firstUserOf('Username-Password-Authentication');
    await services.users.setBlocked({ tenantId, userId: user.user_id }, true);
    expect(services.history.list({ tenantId })[0]).toMatchObject({
      action: 'block',
      changes: [{ field: 'blocked', after: true }],
      undoable: true,
    });
  });
});
