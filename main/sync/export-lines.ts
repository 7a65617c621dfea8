// Splits a users export (NDJSON: one user object a line, FACTS.md) into lines as bytes arrive,
// holding at most one unfinished line: a chunk can end anywhere, even inside a UTF-8 character.
// Lines stay the bytes they came in: the cache stores them as they are, and checks in SQLite that
// each is a user object with a user_id (full-sync.ts), which costs less than JSON.parse here.
import { isUtf8 } from 'node:buffer';
import { AppError } from '../errors.ts';

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
  #line = 0;

  /**
   * The lines this chunk of decompressed bytes completes, without their line breaks, into `lines`,
   * and the number of each (from 1, counting blank lines, which are skipped) into `numbers`.
   * Throws for a line that is not UTF-8.
   */
  push(chunk: Uint8Array, lines: Uint8Array[], numbers: number[]): void {
    let start = 0;
    for (let newline = chunk.indexOf(NEWLINE); newline >= 0; newline = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, newline);
      this.#complete(this.#rest.length === 0 ? piece : joinBytes([...this.#rest, piece]), lines, numbers);
      this.#rest = [];
      start = newline + 1;
    }
    if (start < chunk.length) this.#rest.push(chunk.subarray(start));
  }

  /** The last line, when the file does not end with a newline. */
  end(lines: Uint8Array[], numbers: number[]): void {
    if (this.#rest.length === 0) return;
    const last = joinBytes(this.#rest);
    this.#rest = [];
    this.#complete(last, lines, numbers);
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
