// Splits a users export (NDJSON: one user object a line, FACTS.md) into lines as bytes arrive,
// holding at most one unfinished line: a chunk can end anywhere, even inside a UTF-8 character.
// Lines stay the bytes they came in: the cache stores them as they are, and checks in SQLite that
// each is a user object with a user_id (full-sync.ts), which costs less than JSON.parse here.
//
// Both the line and the whole file are bounded as the bytes arrive: gzip packs a 128 MB line of
// one repeated character into 130 KB, well under the download's cap (export-download.ts), so the
// compressed size alone bounds neither main's memory nor the cache file.
import { isUtf8 } from 'node:buffer';
import { AppError } from '../errors.ts';

const MB = 1024 * 1024;
/**
 * The longest line taken: 32 MB, twice the most a real user can be. Auth0 limits a user's
 * app_metadata and user_metadata to 16 MB together (the document store's ceiling), and newer
 * tenants to 10 KB of profile with a tenfold allowance; a line past this is no Auth0 user.
 */
export const MAX_LINE_BYTES = 32 * MB;
/**
 * The most decompressed text taken: 8 GB. Users' JSON gzips about 5 to 1 (the 100k-user bench
 * export: 17 MB of gzip for about 90 MB of lines), so this is above any export that fits the 1 GB
 * download cap, while a crafted file of blank lines or repeated users cannot grow without end.
 */
export const MAX_EXPORT_TEXT_BYTES = 8 * 1024 * MB;

export interface ExportLimits {
  maxLineBytes?: number;
  maxTotalBytes?: number;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/** Blank: empty, or only spaces, tabs and carriage returns. */
function isBlank(line: Uint8Array): boolean {
  for (const byte of line) if (byte !== SPACE && byte !== TAB && byte !== CARRIAGE_RETURN) return false;
  return true;
}

export class ExportLineSplitter {
  /** The unfinished line's bytes, in the chunks they came in. */
  #rest: Uint8Array[] = [];
  #restBytes = 0;
  #totalBytes = 0;
  #line = 0;
  #maxLineBytes: number;
  #maxTotalBytes: number;

  constructor(limits: ExportLimits = {}) {
    this.#maxLineBytes = limits.maxLineBytes ?? MAX_LINE_BYTES;
    this.#maxTotalBytes = limits.maxTotalBytes ?? MAX_EXPORT_TEXT_BYTES;
  }

  /**
   * The lines this chunk of decompressed bytes completes, without their line breaks, into `lines`,
   * and the number of each (from 1, counting blank lines, which are skipped) into `numbers`.
   * Throws for a line that is not UTF-8, as soon as a line passes the longest line taken (before
   * it is whole), and once the file passes the most text taken (naming the line it reached).
   */
  push(chunk: Uint8Array, lines: Uint8Array[], numbers: number[]): void {
    const room = this.#maxTotalBytes - this.#totalBytes;
    const bytes = chunk.length > room ? chunk.subarray(0, Math.max(0, room)) : chunk;
    this.#totalBytes += bytes.length;
    let start = 0;
    for (let newline = bytes.indexOf(NEWLINE); newline >= 0; newline = bytes.indexOf(NEWLINE, start)) {
      const piece = bytes.subarray(start, newline);
      this.#checkLength(this.#restBytes + piece.length);
      this.#complete(this.#rest.length === 0 ? piece : joinBytes([...this.#rest, piece]), lines, numbers);
      this.#rest = [];
      this.#restBytes = 0;
      start = newline + 1;
    }
    if (start < bytes.length) {
      this.#checkLength(this.#restBytes + bytes.length - start);
      this.#rest.push(bytes.subarray(start));
      this.#restBytes += bytes.length - start;
    }
    if (bytes !== chunk) throw tooMuchText(this.#line + 1, this.#maxTotalBytes);
  }

  /** The last line, when the file does not end with a newline. */
  end(lines: Uint8Array[], numbers: number[]): void {
    if (this.#rest.length === 0) return;
    const last = joinBytes(this.#rest);
    this.#rest = [];
    this.#restBytes = 0;
    this.#complete(last, lines, numbers);
  }

  /** The unfinished line, `length` bytes so far, is still within the longest line taken. */
  #checkLength(length: number): void {
    if (length > this.#maxLineBytes) throw lineTooLong(this.#line + 1, this.#maxLineBytes);
  }

  #complete(line: Uint8Array, lines: Uint8Array[], numbers: number[]): void {
    const number = ++this.#line;
    const bytes = line.at(-1) === CARRIAGE_RETURN ? line.subarray(0, line.length - 1) : line;
    // A user's line starts with `{`: only a line that does not is looked at whole.
    if (bytes.length === 0 || (bytes[0] !== 0x7b && isBlank(bytes))) return;
    if (!isUtf8(bytes)) throw malformedLine(number, 'it is not UTF-8 text');
    lines.push(bytes);
    numbers.push(number);
  }
}

function joinBytes(pieces: readonly Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0] as Uint8Array;
  const joined = new Uint8Array(pieces.reduce((total, piece) => total + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    joined.set(piece, at);
    at += piece.length;
  }
  return joined;
}

export function malformedLine(line: number, why: string, cause?: unknown): AppError {
  return new AppError('api_error', `The users export is malformed at line ${line}: ${why}.`, { cause });
}

function lineTooLong(line: number, maxBytes: number): AppError {
  return new AppError(
    'api_error',
    `The users export's line ${line} is longer than ${sizeText(maxBytes)}, more than any Auth0 user can hold ` +
      '(metadata is limited to 16 MB a user): Roster stopped the sync and kept the cache as it was.',
  );
}

function tooMuchText(line: number, maxBytes: number): AppError {
  return new AppError(
    'api_error',
    `The users export holds more than ${sizeText(maxBytes)} of text, more than Roster takes from one tenant: ` +
      `Roster stopped the sync at line ${line} and kept the cache as it was.`,
  );
}

function sizeText(bytes: number): string {
  if (bytes >= 1024 * MB && bytes % (1024 * MB) === 0) return `${bytes / (1024 * MB)} GB`;
  if (bytes >= MB && bytes % MB === 0) return `${bytes / MB} MB`;
  return `${bytes} bytes`;
}
