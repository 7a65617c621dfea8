// Full sync with fakes: the export job polled with back-off, the file streamed into a new copy of
// the cache and committed whole; cancelled or failed, the previous cache is untouched.
import { gzipSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Job, User } from '../../../../common/auth0.ts';
import { AppError } from '../../../../main/errors.ts';
import { silentLogger } from '../../../../main/log.ts';
import { checkExportUrl, limitBytes } from '../../../../main/sync/export-download.ts';
import {
  EXPORT_FIELDS,
  runFullSync,
  type FullSyncProgress,
  type IngestExport,
} from '../../../../main/sync/full-sync.ts';
import { FakeClock } from '../fakes.ts';
import { FakeUserCache, makeUser } from './fake-cache.ts';

const LOCATION = 'https://exports.example.com/acme.json.gz?Signature=abc';

/** A job that goes pending -> processing (50%) -> completed over three polls. */
function jobsApi(options: { fail?: boolean } = {}) {
  const statuses: Job['status'][] = ['processing', 'processing', options.fail ? 'failed' : 'completed'];
  const requests: unknown[] = [];
  let polls = 0;
  const job = (status: Job['status']): Job => ({
    id: 'job_1',
    type: 'users_export',
    status,
    created_at: '2025-01-01T00:00:00.000Z',
    percentage_done: status === 'completed' ? 100 : 50,
    ...(status === 'completed' ? { location: LOCATION } : {}),
  });
  return {
    requests,
    polls: () => polls,
    api: {
      exportUsers: async (body: unknown) => {
        requests.push(body);
        return job('pending');
      },
      getJob: async () => job(statuses[Math.min(polls++, statuses.length - 1)] as Job['status']),
    },
  };
}

/** Gunzips and parses in one go: enough for a fake (the real one streams; export-ingest.ts). */
const fakeIngest: IngestExport = async (bytes, ingest, options) => {
  const chunks: Buffer[] = [];
  for await (const chunk of bytes) {
    if (options?.signal?.aborted) throw new AppError('cancelled', 'The call was cancelled.');
    chunks.push(Buffer.from(chunk));
  }
  const users = gunzipSync(Buffer.concat(chunks))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as User);
  for (let index = 0; index < users.length; index += 10) {
    ingest.add(users.slice(index, index + 10));
    options?.onProgress?.({ bytes: Buffer.concat(chunks).length, users: Math.min(users.length, index + 10) });
  }
  return { bytes: Buffer.concat(chunks).length, users: users.length };
};

function exportFile(users: User[]): Buffer {
  return gzipSync(users.map((user) => JSON.stringify(user)).join('\n') + '\n');
}

async function* chunksOf(data: Buffer, onChunk?: (index: number) => void): AsyncIterable<Uint8Array> {
  for (let index = 0; index * 64 < data.length; index += 1) {
    onChunk?.(index);
    yield data.subarray(index * 64, (index + 1) * 64);
  }
}

describe('full sync', () => {
  it('exports every field, polls with back-off, streams the file and commits as of the job start', async () => {
    const clock = new FakeClock();
    const started = clock.now();
    const { api, requests } = jobsApi();
    const users = Array.from({ length: 35 }, () => makeUser({ app_metadata: { plan: 'gold' } }));
    const cache = new FakeUserCache('ten_AAAAAAAAAAAAAAAA', [makeUser()]);
    const progress: FullSyncProgress[] = [];
    const opened: string[] = [];
    const summary = await runFullSync({
      api,
      cache,
      clock,
      log: silentLogger,
      signal: new AbortController().signal,
      openExport: async (url) => {
        opened.push(url);
        const file = exportFile(users);
        return { contentLength: file.length, body: chunksOf(file) };
      },
      ingestExport: fakeIngest,
      onProgress: (event) => progress.push(event),
    });
    expect(requests).toEqual([{ format: 'json', fields: EXPORT_FIELDS }]);
    expect(EXPORT_FIELDS.map((field) => field.name)).toEqual(
      expect.arrayContaining(['app_metadata', 'user_metadata', 'identities']),
    );
    expect(clock.sleeps).toEqual([500, 750, 1125]);
    expect(opened).toEqual([LOCATION]);
    expect(summary).toMatchObject({ kind: 'full', users: 35, syncedAt: new Date(started).toISOString() });
    expect(cache.users.size).toBe(35);
    expect(cache.complete).toBe(true);
    expect(progress.some((event) => event.phase === 'export' && event.jobPercentage === 50)).toBe(true);
    expect(progress.filter((event) => event.phase === 'download').at(-1)).toMatchObject({ users: 35 });
    // Then the sort of the new cache into place, step by step, with the time left.
    const committing = progress.filter((event) => event.phase === 'committing');
    expect(committing.map((event) => event.committed)).toEqual([0, 0.5, 1]);
    expect(committing.every((event) => event.users === 35)).toBe(true);
    expect(committing.at(-1)?.etaSeconds).toBe(0);
  });

  it('cancelled during the download: the ingest is aborted and the previous cache stays as it was', async () => {
    const previous = [makeUser(), makeUser()];
    const cache = new FakeUserCache('ten_AAAAAAAAAAAAAAAA', previous);
    cache.syncedAt = '2024-12-01T00:00:00.000Z';
    const controller = new AbortController();
    const file = exportFile(Array.from({ length: 200 }, () => makeUser()));
    const sync = runFullSync({
      api: jobsApi().api,
      cache,
      clock: new FakeClock(),
      log: silentLogger,
      signal: controller.signal,
      openExport: async () => ({
        contentLength: file.length,
        body: chunksOf(file, (index) => index === 3 && controller.abort()),
      }),
      ingestExport: fakeIngest,
      onProgress: () => undefined,
    });
    await expect(sync).rejects.toMatchObject({ code: 'cancelled' });
    expect(cache.aborted).toBe(1);
    expect([...cache.users.values()]).toEqual(previous);
    expect(cache.syncedAt).toBe('2024-12-01T00:00:00.000Z');
  });

  it('a failed job fails the sync in words and leaves the cache alone', async () => {
    const cache = new FakeUserCache('ten_AAAAAAAAAAAAAAAA', [makeUser()]);
    const sync = runFullSync({
      api: jobsApi({ fail: true }).api,
      cache,
      clock: new FakeClock(),
      log: silentLogger,
      signal: new AbortController().signal,
      openExport: async () => {
        throw new Error('not reached');
      },
      ingestExport: fakeIngest,
      onProgress: () => undefined,
    });
    await expect(sync).rejects.toThrow(/users-export job job_1 failed/);
    expect(cache.users.size).toBe(1);
    expect(cache.staged).toBeNull();
  });

  it('asks the job for a fresh link when the first one has expired', async () => {
    const { api, polls } = jobsApi();
    const cache = new FakeUserCache('ten_AAAAAAAAAAAAAAAA');
    let attempts = 0;
    await runFullSync({
      api,
      cache,
      clock: new FakeClock(),
      log: silentLogger,
      signal: new AbortController().signal,
      openExport: async () => {
        attempts += 1;
        if (attempts === 1) throw new AppError('not_found', 'The export link has expired.', { status: 403 });
        const file = exportFile([makeUser()]);
        return { contentLength: null, body: chunksOf(file) };
      },
      ingestExport: fakeIngest,
      onProgress: () => undefined,
    });
    expect(attempts).toBe(2);
    expect(polls()).toBe(4);
    expect(cache.users.size).toBe(1);
  });
});

describe('the export download', () => {
  it('takes https to a name, http or this machine only for a local tenant, never a link with credentials', () => {
    expect(checkExportUrl(LOCATION, 'public').host).toBe('exports.example.com');
    expect(checkExportUrl('http://127.0.0.1:4010/download/x.json.gz', 'local').port).toBe('4010');
    for (const bad of [
      'http://exports.example.com/x.gz',
      'http://127.0.0.1:4010/download/x.json.gz',
      'https://user:pw@exports.example.com/x.gz',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect(() => checkExportUrl(bad, 'public')).toThrow(AppError);
    }
    expect(() => checkExportUrl('https://user:pw@127.0.0.1/x.gz', 'local')).toThrow(AppError);
  });

  it('stops a file past the size limit', async () => {
    const read = async () => {
      for await (const chunk of limitBytes(chunksOf(Buffer.alloc(1000)), 500)) void chunk;
    };
    await expect(read()).rejects.toThrow(/larger than/);
  });
});
