import type { IncomingMessage } from 'node:http';
import { ManagementError } from './api-error.ts';

/** Largest body accepted at all; the import route checks its own 500 KB file limit. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ManagementError(413, `Payload content length greater than maximum allowed: ${limit}`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** JSON, form-urlencoded (both accepted by Auth0 on every write) or multipart (the users-imports job). */
export function parseBody(contentType: string | undefined, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded')
    return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  if (type === 'multipart/form-data') return parseMultipart(contentType ?? '', raw);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    // hapi's wording, which Auth0's API answers with for a body that is not JSON.
    throw new ManagementError(400, 'Invalid request payload JSON format');
  }
}

function parseMultipart(contentType: string, raw: Buffer): MultipartPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) throw new ManagementError(400, 'Invalid multipart payload format');
  const delimiter = Buffer.from(`--${marker}`);
  const parts: MultipartPart[] = [];
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const section = raw.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = section.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = section.subarray(0, headerEnd).toString('utf8');
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      const partType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1];
      if (name !== undefined) {
        parts.push({
          name,
          ...(filename !== undefined ? { filename } : {}),
          ...(partType !== undefined ? { contentType: partType } : {}),
          data: section.subarray(headerEnd + 4),
        });
      }
    }
    start = next;
  }
  return parts;
}
