// Splits a query into tokens, following the lexer of Lucene's classic query parser (which
// Elasticsearch's query_string, and so Auth0 v3 search, builds on), narrowed to what Auth0 documents.
//
// - Operators are the upper-case words AND, OR, NOT and their Lucene spellings &&, ||, !; a
//   lower-case `and` is a plain term (Auth0: "Operators should always be capitalized").
// - `+` and `-` before a clause make it required / prohibited. Auth0 does not document them, but it
//   links to the Lucene syntax, and Elasticsearch reads them, so we accept them as Lucene does.
// - Inside a term `+`, `-`, `|`, `&`, `@`, `.` are ordinary characters (`auth0|123`, `google-oauth2`).
// - `\` escapes the next character (`\ ` is a space, `\*` a literal star).
// - Between `[` or `{` and `]` or `}` the lexer switches to range mode, as Lucene does: values run to
//   the next space or closing bracket, so `[2017-11-02T10:00 TO *]` needs no quotes.
// - Lucene features that Auth0 does not offer are refused with a message: `?` wildcards (Auth0
//   documents "only `*`"), fuzzy/proximity `~`, boosts `^`, regular expressions `/.../`. Whether
//   the real API answers 400 or ignores them is not documented; refusing them early is the likeliest.
// - A control character (NUL, ESC, DEL, the C1 range) is refused wherever it stands, quoted or
//   escaped: no profile value holds one, and a NUL handed on to SQLite (the offline cache) broke
//   the search there instead. Tab, line feed, vertical tab, form feed and carriage return are
//   whitespace, as in Lucene's lexer, so a query pasted across lines still reads.
import { QuerySyntaxError } from './errors.ts';

interface TokenBase {
  start: number;
  end: number;
}

/** An unquoted word: a value or (before `:`) a field name. */
export interface TermToken extends TokenBase {
  kind: 'term';
  /** The source text, escapes included. */
  raw: string;
  /** The literal parts between unescaped `*`: one element when there is no wildcard. */
  segments: string[];
}

export interface QuotedToken extends TokenBase {
  kind: 'quoted';
  value: string;
}

export interface RangeValueToken extends TokenBase {
  kind: 'rangeValue';
  /** null for an unquoted `*` (an open end). */
  value: string | null;
  quoted: boolean;
}

export interface BracketToken extends TokenBase {
  kind: 'rangeStart' | 'rangeEnd';
  inclusive: boolean;
}

export interface SimpleToken extends TokenBase {
  kind: 'lparen' | 'rparen' | 'colon' | 'and' | 'or' | 'not' | 'plus' | 'minus' | 'to';
  /** As written (`AND`, `&&`, `!` ...), for messages. */
  text: string;
}

export type Token = TermToken | QuotedToken | RangeValueToken | BracketToken | SimpleToken;

const WHITESPACE = /\s/;
/** Unicode's control characters (Cc) but the whitespace ones, U+0009 to U+000D. */
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/;
/** Characters that end an unquoted term (besides whitespace). */
const TERM_BREAKS = new Set(['(', ')', '[', ']', '{', '}', '"', ':', '!', '^', '~', '/']);
const WORD_OPERATORS: Record<string, SimpleToken['kind']> = {
  AND: 'and',
  '&&': 'and',
  OR: 'or',
  '||': 'or',
  NOT: 'not',
};

export function tokenize(text: string): Token[] {
  return new Tokenizer(text).run();
}

class Tokenizer {
  #text: string;
  #at = 0;
  #tokens: Token[] = [];

  constructor(text: string) {
    this.#text = text;
  }

  run(): Token[] {
    const text = this.#text;
    const control = CONTROL.exec(text);
    if (control) {
      const code = (control[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
      throw new QuerySyntaxError(
        `The query holds a control character (U+${code}) at position ${control.index}, which no user's value holds: remove it`,
        control.index,
      );
    }
    while (this.#skipWhitespace()) {
      const start = this.#at;
      const char = text[start] as string;
      if (char === '(') this.#simple('lparen', 1);
      else if (char === ')') this.#simple('rparen', 1);
      else if (char === ':') this.#simple('colon', 1);
      else if (char === '+') this.#simple('plus', 1);
      else if (char === '-') this.#simple('minus', 1);
      else if (char === '!') this.#simple('not', 1);
      else if (char === '"') this.#tokens.push(this.#quoted());
      else if (char === '[' || char === '{') this.#range();
      else if (char === ']' || char === '}') {
        throw new QuerySyntaxError(
          `This '${char}' closes a range that was never opened: write \\${char} to search for it`,
          start,
        );
      } else this.#word();
    }
    return this.#tokens;
  }

  /** Skips whitespace; false at the end of the text. */
  #skipWhitespace(): boolean {
    while (this.#at < this.#text.length && WHITESPACE.test(this.#text[this.#at] as string)) this.#at++;
    return this.#at < this.#text.length;
  }

  #simple(kind: SimpleToken['kind'], length: number): void {
    const start = this.#at;
    this.#at += length;
    this.#tokens.push({ kind, start, end: this.#at, text: this.#text.slice(start, this.#at) });
  }

  #word(): void {
    const start = this.#at;
    const segments = this.#termSegments();
    const raw = this.#text.slice(start, this.#at);
    const operator = WORD_OPERATORS[raw];
    if (operator) this.#tokens.push({ kind: operator, start, end: this.#at, text: raw });
    else this.#tokens.push({ kind: 'term', start, end: this.#at, raw, segments });
  }

  #termSegments(): string[] {
    const text = this.#text;
    const segments = [''];
    while (this.#at < text.length) {
      const char = text[this.#at] as string;
      if (WHITESPACE.test(char)) break;
      if (TERM_BREAKS.has(char)) {
        this.#refuseSpecial(char);
        break;
      }
      if (char === '*') {
        segments.push('');
        this.#at++;
        continue;
      }
      if (char === '?') {
        throw new QuerySyntaxError(
          "Auth0 user search has no '?' wildcard: use '*' for any characters, or write \\? to search for a question mark",
          this.#at,
        );
      }
      segments[segments.length - 1] += char === '\\' ? this.#escaped() : this.#next();
    }
    return segments;
  }

  /** Lucene features Auth0 does not offer; other break characters simply end the term. */
  #refuseSpecial(char: string): void {
    if (char === '^') {
      throw new QuerySyntaxError(
        "Boosts ('^') are not supported in Auth0 user search: write \\^ to search for it",
        this.#at,
      );
    }
    if (char === '~') {
      throw new QuerySyntaxError(
        "Fuzzy and proximity searches ('~') are not supported in Auth0 user search: write \\~ to search for it",
        this.#at,
      );
    }
    if (char === '/') {
      throw new QuerySyntaxError(
        "Regular expressions ('/') are not supported in Auth0 user search: write \\/ to search for a slash",
        this.#at,
      );
    }
  }

  /** Consumes `\x` and returns x (a whole code point, so an escaped emoji stays whole). */
  #escaped(): string {
    const slash = this.#at;
    if (slash + 1 >= this.#text.length) {
      throw new QuerySyntaxError("A '\\' at the end of the query escapes nothing: remove it, or write \\\\", slash);
    }
    this.#at++;
    return this.#next();
  }

  #next(): string {
    const char = String.fromCodePoint(this.#text.codePointAt(this.#at) as number);
    this.#at += char.length;
    return char;
  }

  #quoted(): QuotedToken {
    const text = this.#text;
    const start = this.#at;
    this.#at++;
    let value = '';
    while (this.#at < text.length) {
      const char = text[this.#at] as string;
      if (char === '"') {
        this.#at++;
        return { kind: 'quoted', start, end: this.#at, value };
      }
      value += char === '\\' ? this.#escaped() : this.#next();
    }
    throw new QuerySyntaxError('This quote is never closed: add a closing "', start, text.length);
  }

  /** `[` or `{`, then range-mode tokens up to and including `]` or `}` (or the end of the text). */
  #range(): void {
    const text = this.#text;
    const open = text[this.#at];
    this.#tokens.push({ kind: 'rangeStart', inclusive: open === '[', start: this.#at, end: ++this.#at });
    while (this.#skipWhitespace()) {
      const start = this.#at;
      const char = text[start] as string;
      if (char === ']' || char === '}') {
        this.#tokens.push({ kind: 'rangeEnd', inclusive: char === ']', start, end: ++this.#at });
        return;
      }
      if (char === '"') {
        const { value, end } = this.#quoted();
        this.#tokens.push({ kind: 'rangeValue', value, quoted: true, start, end });
        continue;
      }
      let value = '';
      while (this.#at < text.length && !WHITESPACE.test(text[this.#at] as string)) {
        const next = text[this.#at] as string;
        if (next === ']' || next === '}') break;
        value += next === '\\' ? this.#escaped() : this.#next();
      }
      const raw = text.slice(start, this.#at);
      if (raw === 'TO') this.#tokens.push({ kind: 'to', start, end: this.#at, text: raw });
      else
        this.#tokens.push({
          kind: 'rangeValue',
          value: raw === '*' ? null : value,
          quoted: false,
          start,
          end: this.#at,
        });
    }
  }
}
