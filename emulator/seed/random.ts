import { randomBytes } from 'node:crypto';

/** A small seeded PRNG (mulberry32): faker is too slow per call for 100k users, so faker fills pools once
 * and this combines them deterministically. */
export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0 || 0x9e3779b9;
  }

  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += (this.int(0x10000000) | 0x10000000).toString(16).slice(1);
    return out.slice(0, length);
  }

  digits(length: number): string {
    let out = String(1 + this.int(9));
    while (out.length < length) out += String(this.int(1e6)).padStart(6, '0');
    return out.slice(0, length);
  }

  alphanumeric(length: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let index = 0; index < length; index += 1) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}

/** A stable 32-bit hash (FNV-1a), to derive per-user randomness (log events) from a user id. */
export function hashString(value: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let index = 0; index < value.length; index += 1) {
    hash ^= value.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Unpredictable letters and digits, for client ids and tickets (REC: Auth0's are alphanumeric). Bytes of
 * 248 and up are skipped, 248 being the largest multiple of 62 below 256, so every character is equally likely.
 */
export function secureAlphanumeric(length: number): string {
  let text = '';
  while (text.length < length) {
    for (const byte of randomBytes(length + 16)) {
      if (byte < 248 && text.length < length) text += ALPHANUMERIC[byte % 62];
    }
  }
  return text;
}
