// Splits a users export (NDJSON: one user object a line, FACTS.md) into users as text arrives,
// holding at most one unfinished line: a chunk can end anywhere, even inside a UTF-8 character.
import type { User } from '../../common/auth0.ts';
import { AppError } from '../errors.ts';

export class ExportLineParser {
  #decoder = new TextDecoder('utf-8', { fatal: true });
  #rest = '';
  #line = 0;

  /** Users completed by this chunk of decompressed bytes. */
  push(chunk: Uint8Array, into: User[]): void {
    let text: string;
    try {
      text = this.#decoder.decode(chunk, { stream: true });
    } catch (error) {
      throw malformed(this.#line + 1, 'it is not UTF-8 text', error);
    }
    this.#split(this.#rest === '' ? text : this.#rest + text, into);
  }

  /** The last line, when the file does not end with a newline. */
  end(into: User[]): void {
    let text: string;
    try {
      text = this.#decoder.decode();
    } catch (error) {
      throw malformed(this.#line + 1, 'it ends inside a UTF-8 character', error);
    }
    const last = this.#rest + text;
    this.#rest = '';
    if (last.trim() !== '') this.#parse(last, into);
  }

  /** Lines read so far. */
  get lines(): number {
    return this.#line;
  }

  #split(text: string, into: User[]): void {
    let start = 0;
    for (let newline = text.indexOf('\n', start); newline >= 0; newline = text.indexOf('\n', start)) {
      const line = text.slice(start, newline);
      start = newline + 1;
      if (line.length === 0 || (line.length === 1 && line === '\r')) {
        this.#line++;
        continue;
      }
      this.#parse(line, into);
    }
    this.#rest = text.slice(start);
  }

  #parse(line: string, into: User[]): void {
    const number = ++this.#line;
    let user: unknown;
    try {
      user = JSON.parse(line);
    } catch (error) {
      throw malformed(number, 'it is not JSON', error);
    }
    if (user === null || typeof user !== 'object' || Array.isArray(user)) {
      throw malformed(number, 'it is not a user object');
    }
    const id = (user as { user_id?: unknown }).user_id;
    if (typeof id !== 'string' || id === '') throw malformed(number, 'it has no user_id');
    into.push(user as User);
  }
}

function malformed(line: number, why: string, cause?: unknown): AppError {
  return new AppError('api_error', `The users export is malformed at line ${line}: ${why}.`, { cause });
}
