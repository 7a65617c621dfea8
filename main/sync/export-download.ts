// The export file behind a job's `location` (FACTS.md, Export jobs): a signed link to S3 (or the
// emulator), fetched as a stream so the file is never whole in memory. The link is signed, so
// it gets no Authorization header: the tenant's token never travels to the storage host.
import * as http from 'node:http';
import * as https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { outboundUrlProblem, type AddressReach } from '../../common/address-policy.ts';
import { cancelledError } from '../auth0/cancellation.ts';
import { INTERNAL_ADDRESS, lookupFor } from '../auth0/outbound-address.ts';
import { AppError } from '../errors.ts';

/** 1M users export to about 170 MB of gzip; four times that is no export Roster should take. */
export const DEFAULT_MAX_EXPORT_BYTES = 1024 * 1024 * 1024;

export interface ExportStream {
  /** From Content-Length, when the server sent one. */
  contentLength: number | null;
  body: AsyncIterable<Uint8Array>;
}

/** Opens one tenant's download; a 403 `expired` link is `AppError('not_found')` so the caller asks the job for a fresh one. */
export type OpenExport = (url: string, signal: AbortSignal) => Promise<ExportStream>;

/** Opens a download for a tenant of this reach (common/address-policy.ts). */
export type OpenTenantExport = (url: string, reach: AddressReach, signal: AbortSignal) => Promise<ExportStream>;

/**
 * The link must pass the address policy like any request for the tenant: https to a public
 * name (checked again when it resolves), or anything on this machine for a tenant whose API
 * base URL is there (the emulator). A link is the server's to give, so a refused one is its error.
 */
export function checkExportUrl(location: string, reach: AddressReach): URL {
  const problem = outboundUrlProblem(location, reach);
  if (problem !== null) {
    throw new AppError('api_error', `Roster does not download the export job's link: ${problem}`);
  }
  return new URL(location);
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

export function createHttpExportOpener(options: { maxBytes?: number; timeoutMs?: number } = {}): OpenTenantExport {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_EXPORT_BYTES;
  const timeoutMs = options.timeoutMs ?? 30_000;
  return (location, reach, signal) =>
    new Promise<ExportStream>((resolve, reject) => {
      const url = checkExportUrl(location, reach);
      if (signal.aborted) return reject(cancelledError());
      const get = url.protocol === 'https:' ? https.get : http.get;
      // No redirects are followed (a redirect could lead anywhere), and no encoding is undone:
      // the body is the gzip file itself. The checked lookup is the one the socket uses.
      const lookup = lookupFor(reach);
      const request = get(url, {
        signal,
        timeout: timeoutMs,
        headers: { accept: 'application/gzip' },
        ...(lookup ? { lookup } : {}),
      });
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', (error: NodeJS.ErrnoException) =>
        reject(
          signal.aborted
            ? cancelledError()
            : error.code === INTERNAL_ADDRESS
              ? new AppError(
                  'api_error',
                  `Roster does not download the export job's link: ${url.host} resolves to an address that is not public.`,
                )
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
