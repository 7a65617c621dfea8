import { createGzip } from 'node:zlib';
import { NORMALIZED_PROFILE_FIELDS, type User } from '../../common/auth0.ts';

export interface ExportField {
  name: string;
  export_as?: string;
}

/**
 * Without `fields`, Auth0 exports "a predefined set": the normalized profile (Dashboard: "Include default
 * fields ... in the Auth0 normalized user profile schema"). Metadata must be asked for by name.
 */
export const DEFAULT_EXPORT_FIELDS: ExportField[] = NORMALIZED_PROFILE_FIELDS.map((name) => ({ name }));

/** Resolves `identities[0].connection`, `user_metadata.country`, `multifactor[0]`. */
export function valueAt(user: User, path: string): unknown {
  let current: unknown = user;
  for (const part of path.split('.')) {
    const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!match || typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[match[1] as string];
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) {
      if (!Array.isArray(current)) return undefined;
      current = current[Number(index[1])];
    }
  }
  return current;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const DATE_FIELDS = new Set(['created_at', 'updated_at', 'last_login', 'last_password_reset']);

/**
 * Auth0's CSV escaping (docs, Bulk User Exports): strings get a leading single quote (CSV-injection
 * guard), doubled double quotes, and are wrapped in double quotes; Auth0-generated ISO dates are left
 * alone. Objects (which CSV cannot hold) are written as JSON text.
 */
function csvCell(value: unknown, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string' && DATE_FIELDS.has(field) && ISO_DATE.test(value)) return value;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `"'${text.replace(/"/g, '""')}"`;
}

function jsonLine(user: User, fields: ExportField[]): string {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = valueAt(user, field.name);
    if (value !== undefined) out[field.export_as ?? field.name] = value;
  }
  return `${JSON.stringify(out)}\n`;
}

function csvLine(user: User, fields: ExportField[]): string {
  return `${fields.map((field) => csvCell(valueAt(user, field.name), field.name)).join(',')}\n`;
}

const CHUNK = 2000;

/**
 * Writes the users as gzip NDJSON or CSV, yielding to the event loop between chunks so the server keeps
 * answering while a large export runs. Reports progress as a share of users written.
 */
export async function buildExportFile(
  users: readonly User[],
  format: 'json' | 'csv',
  fields: ExportField[],
  onProgress: (done: number) => void,
): Promise<Buffer> {
  const gzip = createGzip({ level: 6 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    gzip.once('end', resolve);
    gzip.once('error', reject);
  });
  if (format === 'csv') gzip.write(`${fields.map((field) => field.export_as ?? field.name).join(',')}\n`);
  const line = format === 'csv' ? csvLine : jsonLine;
  for (let start = 0; start < users.length; start += CHUNK) {
    let text = '';
    const end = Math.min(users.length, start + CHUNK);
    for (let index = start; index < end; index += 1) text += line(users[index] as User, fields);
    if (!gzip.write(text)) await new Promise<void>((resolve) => gzip.once('drain', resolve));
    onProgress(end);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  gzip.end();
  await ended;
  return Buffer.concat(chunks);
}
