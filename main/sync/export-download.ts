// The export file behind a job's `location` (FACTS.md, Export jobs): a signed link to S3 (or the
// emulator), fetched as a stream so the file is never whole in memory. The link is signed, so
// it gets no Authorization header: the tenant's token never travels to the storage host.
import * as http from 'node:http';
import * as https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { cancelledError } from '../auth0/cancellation.ts';
import { AppError } from '../errors.ts';

/** 1M users export to about 170 MB of gzip; four times that is no export Roster should take. */
export const DEFAULT_MAX_EXPORT_BYTES = 1024 * 1024 * 1024;

export interface ExportStream {
  /** From Content-Length, when the server sent one. */
  contentLength: number | null;
  body: AsyncIterable<Uint8Array>;
}

/** Opens a download; a 403 `expired` link is `AppError('not_found')` so the caller asks the job for a fresh one. */
export type OpenExport = (url: string, signal: AbortSignal) => Promise<ExportStream>;

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** https only, or http to this machine (the emulator); no credentials in the link. */
export function checkExportUrl(location: string): URL {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new AppError('api_error', 'The export job gave a download link that is not a URL.');
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  if ((url.protocol !== 'https:' && !loopbackHttp) || url.username !== '' || url.password !== '') {
    throw new AppError(
      'api_error',
      `The export job's download link (${url.protocol}//${url.host}) is not https; Roster does not download it.`,
    );
  }
  return url;
}

/** Counts bytes through and stops past `maxBytes`, so a runaway file cannot fill memory or disk. */
export async function* limitBytes(body: AsyncIterable<Uint8Array>, maxBytes: number): AsyncIterable<Uint8Array> {
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      throw new AppError(
        'api_error',
        `The export file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; Roster stopped downloading it.`,
      );
    }
    yield chunk;
  }
}

export function createHttpExportOpener(options: { maxBytes?: number; timeoutMs?: number } = {}): OpenExport {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_EXPORT_BYTES;
  const timeoutMs = options.timeoutMs ?? 30_000;
  return (location, signal) =>
    new Promise<ExportStream>((resolve, reject) => {
      const url = checkExportUrl(location);
      if (signal.aborted) return reject(cancelledError());
      const get = url.protocol === 'https:' ? https.get : http.get;
      // No redirects are followed (a redirect could lead anywhere), and no encoding is undone:
      // the body is the gzip file itself.
      const request = get(url, { signal, timeout: timeoutMs, headers: { accept: 'application/gzip' } });
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', (error) =>
        reject(
          signal.aborted
            ? cancelledError()
            : new AppError('network', `Roster could not download the export from ${url.host} (${error.message}).`),
        ),
      );
      request.on('response', (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        if (status !== 200) {
          response.resume();
          const message =
            status === 403
              ? 'The export link has expired.'
              : `The export download answered ${status} ${response.statusMessage ?? ''}.`;
          return reject(new AppError(status === 403 ? 'not_found' : 'api_error', message.trim(), { status }));
        }
        const length = Number(response.headers['content-length']);
        const contentLength = Number.isFinite(length) && length >= 0 ? length : null;
        if (contentLength !== null && contentLength > maxBytes) {
          response.destroy();
          return reject(
            new AppError(
              'api_error',
              `The export file is ${Math.round(contentLength / 1024 / 1024)} MB, over the limit.`,
            ),
          );
        }
        resolve({ contentLength, body: limitBytes(response, maxBytes) });
      });
    });
}
