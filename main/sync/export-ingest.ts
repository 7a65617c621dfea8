// Streams a users export (the gzip NDJSON file of a users-exports job) into a full sync of the
// offline cache: gunzip and the line parser work chunk by chunk, so memory holds one compressed
// chunk, one decompressed chunk, one unfinished line and one batch of users, whatever the size of
// the tenant; the line and the decompressed text are bounded (export-lines.ts), and so is a batch.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { cancelledError, throwIfCancelled } from '../auth0/cancellation.ts';
import { MalformedLineError, type FullSyncIngest } from '../cache/types.ts';
import { AppError } from '../errors.ts';
import { ExportLineSplitter, malformedLine, type ExportLimits } from './export-lines.ts';

export interface IngestProgress {
  /** Compressed bytes read. */
  bytes: number;
  /** Users added to the ingest. */
  users: number;
}

export interface IngestExportOptions extends ExportLimits {
  signal?: AbortSignal;
  /** Users per batch handed to the ingest (default 500: larger batches of parsed users lived long
   * enough to grow the heap, about 70 MB more resident memory after a 100k-user sync). */
  batchSize?: number;
  onProgress?: (progress: IngestProgress) => void;
}

const DEFAULT_BATCH = 500;
/**
 * A batch is also handed over once its lines reach this many bytes: 500 lines each just under the
 * longest line taken would otherwise be held at once (16 GB). Real users (about 1 KB) never reach it.
 */
const BATCH_BYTES = 8 * 1024 * 1024;

/**
 * Streams a users export (gzip NDJSON bytes) through gunzip and a line splitter into `ingest` in
 * batches of lines, never holding the whole file. Rejects on a malformed line (naming the line
 * number: not UTF-8 or too long here, not a user in the ingest), on too much text (naming the
 * line it reached) or on abort (`cancelled`); the caller then calls ingest.abort().
 */
export async function ingestExport(
  gzipBytes: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
  ingest: FullSyncIngest,
  options: IngestExportOptions = {},
): Promise<IngestProgress> {
  const { signal, onProgress } = options;
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH));
  throwIfCancelled(signal);
  const progress: IngestProgress = { bytes: 0, users: 0 };
  const splitter = new ExportLineSplitter(options);
  // The users' lines and, beside them, their line numbers in the file (for the errors).
  let lines: Uint8Array[] = [];
  let numbers: number[] = [];
  const add = (start: number, end: number) => {
    try {
      ingest.addLines(lines.slice(start, end));
    } catch (error) {
      if (!(error instanceof MalformedLineError)) throw error;
      throw malformedLine(numbers[start + error.index] as number, error.why, error);
    }
    progress.users += end - start;
    onProgress?.({ ...progress });
  };
  /** Adds whole batches; with `all`, or once the lines pass BATCH_BYTES, the rest too. */
  const flush = (all: boolean) => {
    const rest = all || lines.reduce((total, line) => total + line.length, 0) >= BATCH_BYTES;
    let start = 0;
    for (; lines.length - start >= batchSize; start += batchSize) add(start, start + batchSize);
    if (rest && start < lines.length) {
      add(start, lines.length);
      start = lines.length;
    }
    if (start > 0) {
      lines = lines.slice(start);
      numbers = numbers.slice(start);
    }
  };
  const source = isReadable(gzipBytes) ? gzipBytes : Readable.from(gzipBytes, { objectMode: false });
  async function* countBytes(chunks: AsyncIterable<Uint8Array | string>) {
    for await (const chunk of chunks) {
      if (typeof chunk === 'string') throw new TypeError('The users export must be read as bytes, not text');
      progress.bytes += chunk.byteLength;
      yield chunk;
    }
  }
  async function consume(chunks: AsyncIterable<Uint8Array>) {
    for await (const chunk of chunks) {
      splitter.push(chunk, lines, numbers);
      flush(false);
    }
    splitter.end(lines, numbers);
    flush(true);
  }
  try {
    await pipeline(
      source as AsyncIterable<Uint8Array | string>,
      countBytes,
      // 64 KiB: each chunk is a round trip to zlib's thread, so zlib's default 16 KiB cost about
      // a fifth more in all; larger chunks gained nothing.
      createGunzip({ chunkSize: 64 * 1024 }),
      consume,
      signal ? { signal } : {},
    );
  } catch (error) {
    if (signal?.aborted) throw cancelledError();
    if (error instanceof AppError) throw error;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new AppError('api_error', `The users export is not a readable gzip file (${code}).`, { cause: error });
    }
    throw error;
  }
  return progress;
}

function isReadable(value: unknown): value is NodeJS.ReadableStream {
  return typeof (value as { pipe?: unknown }).pipe === 'function';
}
