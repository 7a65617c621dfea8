import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { SqliteUserCacheStore, type FullSyncIngest } from '../../../main/cache/index.ts';
import { AppError } from '../../../main/errors.ts';
import { silentLogger } from '../../../main/log.ts';
import { ingestExport } from '../../../main/sync/export-ingest.ts';

/** Records batches (each line parsed back); commit/abort are the caller's business, not ingestExport's. */
function recordingIngest(): FullSyncIngest & { batches: User[][] } {
  const batches: User[][] = [];
  return {
    batches,
    add: () => expect.fail('ingestExport adds lines'),
    addLines: (lines) => batches.push(lines.map((line) => JSON.parse(Buffer.from(line).toString('utf8')) as User)),
    commit: () => expect.fail('ingestExport must not commit'),
    abort: () => expect.fail('ingestExport must not abort'),
  };
}

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A real cache's full sync, which checks each line (in SQLite) as it stores it. */
function checkingIngest(): FullSyncIngest {
  const directory = mkdtempSync(join(tmpdir(), 'roster-export-ingest-'));
  directories.push(directory);
  const store = new SqliteUserCacheStore({ directory, log: silentLogger });
  return store.open('ten_exportingest0001').beginFullSync();
}

const users = (count: number): User[] =>
  Array.from({ length: count }, (_, index) => ({ user_id: `auth0|${index}`, name: `Zoë ${index} 名前` }));

/** The bytes in chunks of `size`, so lines and characters are cut anywhere. */
function chunked(bytes: Buffer, size: number): Buffer[] {
  return Array.from({ length: Math.ceil(bytes.length / size) }, (_, index) =>
    bytes.subarray(index * size, (index + 1) * size),
  );
}

const ndjson = (list: unknown[]) => list.map((item) => `${JSON.stringify(item)}\n`).join('');

describe('ingestExport', () => {
  it('adds every user in batches, whatever the chunk boundaries', async () => {
    const expected = users(1234);
    const gz = gzipSync(ndjson(expected));
    for (const size of [1, 7, 4096, gz.length]) {
      const ingest = recordingIngest();
      const progress: { bytes: number; users: number }[] = [];
      const result = await ingestExport(Readable.from(chunked(gz, size)), ingest, {
        batchSize: 500,
        onProgress: (step) => progress.push(step),
      });
      expect(result).toEqual({ bytes: gz.length, users: 1234 });
      expect(ingest.batches.map((batch) => batch.length)).toEqual([500, 500, 234]);
      expect(ingest.batches.flat()).toEqual(expected);
      expect(progress.map((step) => step.users)).toEqual([500, 1000, 1234]);
      expect(progress.at(-1)?.bytes).toBe(gz.length);
    }
  });

  it('reads a last line without a newline, blank lines and CRLF line ends', async () => {
    const text = `${JSON.stringify({ user_id: 'a' })}\r\n\n${JSON.stringify({ user_id: 'b' })}`;
    const ingest = recordingIngest();
    await ingestExport(Readable.from([gzipSync(text)]), ingest);
    expect(ingest.batches.flat().map((user) => user.user_id)).toEqual(['a', 'b']);
  });

  it.each([
    ['a line that is not JSON', `${ndjson(users(2))}{"user_id": "x",\n`, /malformed at line 3: it is not JSON/],
    ['a line of JSON5', `${ndjson(users(2))}{user_id: 'x'}\n`, /malformed at line 3: it is not JSON/],
    ['a line that is not an object', `${ndjson(users(1))}[1,2]\n`, /malformed at line 2: it is not a user object/],
    ['a user without user_id', `${ndjson(users(3))}{"email":"a@b.c"}\n`, /malformed at line 4: it has no user_id/],
    ['an empty user_id', `${ndjson(users(3))}\n{"user_id":""}\n`, /malformed at line 5: it has no user_id/],
    ['a user_id that is not text', `{"user_id":12}\n${ndjson(users(3))}`, /malformed at line 1: it has no user_id/],
    ['a line of spaces', `${ndjson(users(1))}  x \n`, /malformed at line 2: it is not JSON/],
    [
      'a user_id written twice',
      `${ndjson(users(2))}{"user_id":"a","name":"x","user_id":"b"}\n`,
      /malformed at line 3: its user_id is written more than once/,
    ],
    [
      'a user_id written twice, once escaped',
      `${ndjson(users(1))}{"user_id":"a","user\\u005fid":"b"}\n`,
      /malformed at line 2: its user_id is written more than once/,
    ],
  ])('rejects %s, naming the line', async (_, text, message) => {
    for (const batchSize of [1, 3, 500]) {
      const failure = ingestExport(Readable.from([gzipSync(text)]), checkingIngest(), { batchSize });
      await expect(failure).rejects.toThrow(message);
      await expect(failure).rejects.toBeInstanceOf(AppError);
    }
  });

  it('takes a line up to the longest line taken, and stops at a longer one as soon as it passes', async () => {
    const line = (length: number) => {
      const head = '{"user_id":"auth0|x","pad":"';
      return `${head}${'a'.repeat(length - head.length - 2)}"}`;
    };
    const taken = await ingestExport(Readable.from([gzipSync(`${line(300)}\n${line(300)}`)]), recordingIngest(), {
      maxLineBytes: 300,
    });
    expect(taken.users).toBe(2);
    const gz = gzipSync(`${ndjson(users(2))}${line(300)}\n${line(301)}\n${ndjson(users(2))}`);
    for (const size of [1, 7, 100, gz.length]) {
      const failure = ingestExport(Readable.from(chunked(gz, size)), recordingIngest(), { maxLineBytes: 300 });
      await expect(failure).rejects.toThrow(
        "The users export's line 4 is longer than 300 bytes, more than any Auth0 user can hold",
      );
    }
    // The last line too, when the file does not end with a newline.
    await expect(
      ingestExport(Readable.from([gzipSync(`${line(300)}\n${line(301)}`)]), recordingIngest(), { maxLineBytes: 300 }),
    ).rejects.toThrow('line 2 is longer than 300 bytes');
  });

  it('stops once the decompressed text passes the most taken, naming the line it reached', async () => {
    const text = ndjson(users(30));
    const gz = gzipSync(text);
    const whole = await ingestExport(Readable.from([gz]), recordingIngest(), {
      maxTotalBytes: Buffer.byteLength(text),
    });
    expect(whole.users).toBe(30);
    const cut = Buffer.byteLength(ndjson(users(12))) + 5;
    const ingest = recordingIngest();
    const failure = ingestExport(Readable.from(chunked(gz, 9)), ingest, { maxTotalBytes: cut, batchSize: 1 });
    await expect(failure).rejects.toThrow(
      `The users export holds more than ${cut} bytes of text, more than Roster takes from one tenant: Roster stopped the sync at line 13`,
    );
    expect(ingest.batches.flat().length).toBeLessThanOrEqual(12);
  });

  it('hands a batch over once its lines pass 8 MB, however few they are', async () => {
    const big = (index: number) => ({ user_id: `auth0|${index}`, pad: 'p'.repeat(3 * 1024 * 1024) });
    const ingest = recordingIngest();
    await ingestExport(Readable.from([gzipSync(ndjson([0, 1, 2, 3, 4].map(big)))]), ingest, { batchSize: 500 });
    expect(ingest.batches.map((batch) => batch.length)).toEqual([3, 2]);
  });

  it('rejects a line that is not UTF-8, naming it', async () => {
    const bytes = Buffer.concat([Buffer.from(ndjson(users(2))), Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a])]);
    const failure = ingestExport(Readable.from([gzipSync(bytes)]), recordingIngest());
    await expect(failure).rejects.toThrow(/malformed at line 3: it is not UTF-8 text/);
  });

  it('gives the cache each line as the bytes it came in, cut anywhere, even inside a character', async () => {
    const text = `${JSON.stringify({ user_id: 'a', name: 'Zoë 名前 😀' })}\n  \n${JSON.stringify({ user_id: 'b' })}\r\n`;
    const gz = gzipSync(text);
    for (const size of [1, 2, 3, 5, gz.length]) {
      const lines: string[] = [];
      const ingest = {
        ...recordingIngest(),
        addLines: (batch: readonly Uint8Array[]) => {
          for (const line of batch) lines.push(Buffer.from(line).toString('utf8'));
        },
      };
      await ingestExport(Readable.from(chunked(gz, size)), ingest, { batchSize: 1 });
      expect(lines).toEqual([JSON.stringify({ user_id: 'a', name: 'Zoë 名前 😀' }), JSON.stringify({ user_id: 'b' })]);
    }
  });

  it('rejects bytes that are not gzip, and a file cut short', async () => {
    await expect(ingestExport(Readable.from([Buffer.from('plain text\n')]), recordingIngest())).rejects.toThrow(
      /not a readable gzip/,
    );
    const gz = gzipSync(ndjson(users(100)));
    await expect(ingestExport(Readable.from([gz.subarray(0, gz.length - 20)]), recordingIngest())).rejects.toThrow();
  });

  it('stops with cancelled when aborted, and adds nothing more', async () => {
    const controller = new AbortController();
    const gz = gzipSync(ndjson(users(5000)));
    const ingest = recordingIngest();
    const addLines = ingest.addLines;
    ingest.addLines = (batch) => {
      addLines(batch);
      controller.abort();
    };
    const failure = ingestExport(Readable.from(chunked(gz, 512)), ingest, {
      signal: controller.signal,
      batchSize: 100,
    });
    await expect(failure).rejects.toMatchObject({ code: 'cancelled' });
    expect(ingest.batches.length).toBeLessThan(50);
    expect(ingest.batches.length).toBeGreaterThanOrEqual(1);
  });
});
