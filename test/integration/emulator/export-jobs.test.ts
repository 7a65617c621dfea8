// The users-export job end to end: status over time, the gzip file behind a signed, expiring link.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import type { EmulatorHandle } from '../../../emulator/index.ts';
import { fetchToken, managementApi, startTestEmulator, waitForJob } from './helpers.ts';

let emulator: EmulatorHandle;
let api: ReturnType<typeof managementApi>;
let databaseConnectionId: string;

async function download(location: string): Promise<string> {
  const response = await fetch(location);
  expect(response.status).toBe(200);
  return gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8');
}

beforeAll(async () => {
  emulator = await startTestEmulator({ users: 500, seed: 5 });
  api = managementApi(emulator, await fetchToken(emulator, 'readOnly'));
  databaseConnectionId = (
    (await api('GET', '/connections?name=Username-Password-Authentication')).body as { id: string }[]
  )[0]?.id as string;
});
afterAll(() => emulator.stop());

describe('POST /jobs/users-exports', () => {
  it('goes from pending to completed and serves every user as gzip NDJSON with the default fields', async () => {
    const created = await api('POST', '/jobs/users-exports', { format: 'json' });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ type: 'users_export', status: 'pending', format: 'json' });
    const job = await waitForJob(api, (created.body as { id: string }).id);
    expect(job).toMatchObject({ status: 'completed', percentage_done: 100 });
    expect(job.location).toMatch(new RegExp(`^${emulator.url}/.+\\.json\\.gz\\?`));
    const lines = (await download(job.location as string)).trim().split('\n');
    expect(lines).toHaveLength(500);
    const first = JSON.parse(lines[0] as string) as User;
    expect(first.user_id).toBeTruthy();
    expect(first.identities?.length).toBeGreaterThan(0);
    expect(first.app_metadata).toBeUndefined();
  });

  it('exports one connection as CSV with chosen fields, export_as and Auth0 escaping, up to the limit', async () => {
    const created = await api('POST', '/jobs/users-exports', {
      connection_id: databaseConnectionId,
      format: 'csv',
      limit: 25,
      fields: [
        { name: 'user_id' },
        { name: 'email' },
        { name: 'created_at' },
        { name: 'identities[0].connection', export_as: 'provider' },
        { name: 'logins_count' },
      ],
    });
    expect(created.body).toMatchObject({
      connection: 'Username-Password-Authentication',
      connection_id: databaseConnectionId,
      limit: 25,
    });
    const job = await waitForJob(api, (created.body as { id: string }).id);
    const [header, ...rows] = (await download(job.location as string)).trim().split('\n');
    expect(header).toBe('user_id,email,created_at,provider,logins_count');
    expect(rows).toHaveLength(25);
    // Strings get a leading quote and double quotes, ISO dates and numbers stay bare (docs, Bulk User Exports).
    expect(rows[0]).toMatch(
      /^"'auth0\|[0-9a-f]{24}","'[^"]+@[^"]+",\d{4}-\d{2}-\d{2}T[\d:.]+Z,"'Username-Password-Authentication",\d*$/,
    );
  });

  it('refuses more than 30 CSV fields', async () => {
    const fields = Array.from({ length: 31 }, (_, index) => ({ name: `user_metadata.f${index}` }));
    const response = await api('POST', '/jobs/users-exports', { format: 'csv', fields });
    expect(response.status).toBe(400);
    expect((response.body as { errorCode: string }).errorCode).toBe('invalid_body');
  });

  it('signs each poll with a fresh link and refuses a tampered one', async () => {
    const created = await api('POST', '/jobs/users-exports', { format: 'json', limit: 3 });
    const job = await waitForJob(api, (created.body as { id: string }).id);
    // The link's expiry is in milliseconds: the next poll is signed for a later one.
    const signedAt = Date.now();
    await expect.poll(() => Date.now()).toBeGreaterThan(signedAt);
    const again = (await api('GET', `/jobs/${job.id as string}`)).body as { location: string };
    expect(again.location).not.toBe(job.location);
    const tampered = (job.location as string).replace(/Signature=[^&]+/, 'Signature=forged');
    const refused = await fetch(tampered);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });
});

describe('POST /jobs/users-imports', () => {
  it('imports users, reports failures and upserts on request', async () => {
    const full = managementApi(emulator, await fetchToken(emulator));
    const upload = async (users: unknown[], upsert: boolean) => {
      const form = new FormData();
      form.set('users', new Blob([JSON.stringify(users)], { type: 'application/json' }), 'users.json');
      form.set('connection_id', databaseConnectionId);
      form.set('upsert', String(upsert));
      const response = await fetch(`${emulator.url}/api/v2/jobs/users-imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await fetchToken(emulator)}` },
        body: form,
      });
      expect(response.status).toBe(202);
      return waitForJob(full, ((await response.json()) as { id: string }).id);
    };
    const first = await upload([{ email: 'New.Person@example.com', given_name: 'New' }, { email: 'broken' }], false);
    expect(first.summary).toEqual({ failed: 1, updated: 0, inserted: 1, total: 2 });
    const errors = await full('GET', `/jobs/${first.id as string}/errors`);
    expect(errors.body).toEqual([
      {
        user: { email: 'broken' },
        errors: [
          { code: 'INVALID_FORMAT', message: "Object didn't pass validation for format email: broken", path: 'email' },
        ],
      },
    ]);
    const duplicate = await upload([{ email: 'new.person@example.com' }], false);
    expect(duplicate.summary).toMatchObject({ failed: 1 });
    const upserted = await upload([{ email: 'new.person@example.com', given_name: 'Renamed' }], true);
    expect(upserted.summary).toMatchObject({ updated: 1, failed: 0 });
    const [person] = (await full('GET', '/users-by-email?email=new.person%40example.com')).body as User[];
    expect(person?.given_name).toBe('Renamed');
  });

  it('refuses a file over 500 KB with 413', async () => {
    const form = new FormData();
    form.set('users', new Blob(['x'.repeat(512_001)]), 'users.json');
    form.set('connection_id', databaseConnectionId);
    const response = await fetch(`${emulator.url}/api/v2/jobs/users-imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await fetchToken(emulator)}` },
      body: form,
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { message: string }).message).toBe(
      'Payload content length greater than maximum allowed: 512000',
    );
  });
});
