// user_metadata / app_metadata as Auth0 accepts them (FACTS.md, Single users): JSON objects
// whose keys hold no `.` or `$`. Checked by hand rather than with z.record, which silently drops
// a `__proto__` key instead of refusing it.
import { z } from 'zod';
import type { Metadata } from './auth0.ts';

/** Roster's own bound, not Auth0's: enough for any profile, small enough for one IPC message. */
export const MAX_METADATA_BYTES = 1_000_000;
const MAX_DEPTH = 16;
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Says what is wrong with a metadata value, or returns null when it is acceptable. */
export function findMetadataProblem(value: unknown): string | null {
  if (!isPlainObject(value)) return 'Metadata is a JSON object.';
  const problem = findJsonProblem(value, 0, 'metadata');
  if (problem) return problem;
  if (new TextEncoder().encode(JSON.stringify(value)).length > MAX_METADATA_BYTES) {
    return `Metadata is larger than ${MAX_METADATA_BYTES} bytes.`;
  }
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function findJsonProblem(value: unknown, depth: number, path: string): string | null {
  if (depth > MAX_DEPTH) return `${path} is nested more than ${MAX_DEPTH} levels deep.`;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} is not a finite number.`;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const problem = findJsonProblem(item, depth + 1, `${path}[${index}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (!isPlainObject(value)) return `${path} is not JSON.`;
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string') return `${path} has a symbol key.`;
    if (RESERVED_KEYS.has(key)) return `${path} may not have a key named ${key}.`;
    if (key.length === 0 || key.includes('.') || key.includes('$')) {
      return `${path} has the key "${key.slice(0, 40)}": metadata keys are not empty and hold no "." or "$".`;
    }
    const problem = findJsonProblem(value[key], depth + 1, `${path}.${key}`);
    if (problem) return problem;
  }
  return null;
}

export const metadataSchema = z.unknown().transform((value, context): Metadata => {
  const problem = findMetadataProblem(value);
  if (problem) {
    context.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
  return value as Metadata;
});
