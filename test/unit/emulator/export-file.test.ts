import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { buildExportFile, valueAt } from '../../../emulator/jobs/export-file.ts';
import { JobStore } from '../../../emulator/jobs/job-store.ts';

const user: User = {
  user_id: 'auth0|abc',
  email: 'a@example.com',
  name: 'He said "hi", =cmd',
  created_at: '2024-01-02T03:04:05.678Z',
  logins_count: 3,
  multifactor: ['guardian'],
  identities: [{ connection: 'db', user_id: 'abc', provider: 'auth0', isSocial: false }],
  user_metadata: { address: { country: 'FR' } },
};

describe('export files', () => {
  it('resolves dotted and indexed field paths', () => {
    expect(valueAt(user, 'identities[0].connection')).toBe('db');
    expect(valueAt(user, 'multifactor[0]')).toBe('guardian');
    expect(valueAt(user, 'user_metadata.address.country')).toBe('FR');
    expect(valueAt(user, 'user_metadata.missing.deeper')).toBeUndefined();
  });

  it('writes CSV with Auth0 escaping and JSON lines with export_as names', async () => {
    const fields = [
      { name: 'user_id' },
      { name: 'name' },
      { name: 'created_at' },
      { name: 'logins_count' },
      { name: 'given_name' },
      { name: 'identities[0].connection', export_as: 'connection' },
    ];
    const csv = gunzipSync(await buildExportFile([user], 'csv', fields, () => {})).toString();
    expect(csv).toBe(
      `user_id,name,created_at,logins_count,given_name,connection\n"'auth0|abc","'He said ""hi"", =cmd",2024-01-02T03:04:05.678Z,3,,"'db"\n`,
    );
    const json = gunzipSync(await buildExportFile([user, user], 'json', fields, () => {}))
      .toString()
      .trim()
      .split('\n');
    expect(json).toHaveLength(2);
    expect(JSON.parse(json[0] as string)).toEqual({
      user_id: 'auth0|abc',
      name: user.name,
      created_at: user.created_at,
      logins_count: 3,
      connection: 'db',
    });
  });

  it('reports progress as users are written', async () => {
    const seen: number[] = [];
    await buildExportFile(
      Array.from({ length: 4500 }, () => user),
      'json',
      [{ name: 'user_id' }],
      (done) => seen.push(done),
    );
    expect(seen).toEqual([2000, 4000, 4500]);
  });
});

describe('JobStore download links', () => {
  it('stop working 60 s after they are signed', () => {
    const jobs = new JobStore();
    const record = jobs.create({ type: 'users_export', status: 'completed' });
    record.file = { name: 'demo.json.gz', data: Buffer.from('x'), contentType: 'application/gzip' };
    const signedAt = 1_700_000_000_000;
    const location = new URL(jobs.signedLocation('http://127.0.0.1:1', record, signedAt) as string);
    const check = (now: number) =>
      jobs.checkDownload(
        record.job.id,
        location.searchParams.get('Expires'),
        location.searchParams.get('Signature'),
        now,
      );
    expect(check(signedAt + 59_999)).toBe('ok');
    expect(check(signedAt + 60_001)).toBe('expired');
    expect(jobs.checkDownload(record.job.id, location.searchParams.get('Expires'), 'forged', signedAt)).toBe('invalid');
    expect(record.job.id).toMatch(/^job_[A-Za-z0-9]{16}$/);
  });
});

describe('JobStore lifetime', () => {
  it('forgets jobs older than 24 h when new ones are created', () => {
    const jobs = new JobStore();
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    const old = jobs.create({ type: 'users_export', status: 'completed' }, start);
    const recent = jobs.create({ type: 'users_export', status: 'completed' }, start + 23 * 3_600_000);
    jobs.create({ type: 'verification_email', status: 'pending' }, start + 24 * 3_600_000 + 1);
    expect(jobs.get(old.job.id)).toBeUndefined();
    expect(jobs.get(recent.job.id)).toBe(recent);
  });
});
