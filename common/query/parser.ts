// Recursive-descent parser for Auth0 v3 user search, following Lucene's classic query parser:
//
//   query   := clause ((AND | OR)? clause)*
//   clause  := ('+' | '-' | NOT)? (field ':')? value  |  '*:*'
//   value   := term | "quoted" | range | '(' query ')'
//   range   := ('[' | '{') bound TO bound (']' | '}')
//
// Adjacent clauses without an operator are joined with OR. That is Lucene's and Elasticsearch's
// default operator; Auth0 documents no other, and links its `q` parameter to the Lucene syntax
// page, which says "The OR operator is the default conjunction operator".
//
// AND / OR / NOT do not build a precedence tree: as in Lucene (and so in Elasticsearch and Auth0)
// each operator sets the role (`occur`) of the clauses next to it, see `resolveOccurs`. So
// `a AND b OR c` means `+a +b c` (c is optional), and `a NOT b` means "a but not b".
import type { BoolClause, FieldRef, GroupQuery, Occur, Query, RangeBound, RangeQuery } from './ast.ts';
import { QuerySyntaxError } from './errors.ts';
import { tokenize, type BracketToken, type RangeValueToken, type TermToken, type Token } from './tokenizer.ts';

export function parseQuery(text: string): Query {
  return new Parser(text).parse();
}

type PendingClause = Omit<BoolClause, 'occur'>;

/**
 * How deep parentheses may nest. Auth0 documents no limit; every pass over the tree (checks,
 * evaluation, SQL translation, formatting) recurses once per level, so a query of thousands of
 * nested parentheses must be refused here, in words, rather than overflow the stack later.
 * No sensible search needs more than a handful of levels.
 */
export const MAX_GROUP_DEPTH = 64;

class Parser {
  #text: string;
  #tokens: Token[];
  #at = 0;
  #depth = 0;

  constructor(text: string) {
    this.#text = text;
    this.#tokens = tokenize(text);
  }

  parse(): Query {
    if (this.#tokens.length === 0) throw new QuerySyntaxError('The query is empty', 0, this.#text.length);
    const query = this.#sequence();
    const extra = this.#peek();
    if (extra) throw new QuerySyntaxError("This ')' has no matching '('", extra.start);
    return query;
  }

  #peek(offset = 0): Token | undefined {
    return this.#tokens[this.#at + offset];
  }

  #take(): Token {
    return this.#tokens[this.#at++] as Token;
  }

  #endOffset(): number {
    return this.#text.length;
  }

  /** Clauses up to the end of the text or a `)`. */
  #sequence(): Query {
    const clauses: PendingClause[] = [];
    for (;;) {
      let next = this.#peek();
      let conjunction: PendingClause['conjunction'] = null;
      if (next && (next.kind === 'and' || next.kind === 'or')) {
        if (clauses.length === 0) {
          throw new QuerySyntaxError(`${next.text} needs a search term before it`, next.start, next.end);
        }
        conjunction = next.kind === 'and' ? 'AND' : 'OR';
        this.#take();
        const after = this.#peek();
        if (!after || after.kind === 'rparen' || after.kind === 'and' || after.kind === 'or') {
          throw new QuerySyntaxError(`${next.text} needs a search term after it`, next.start, next.end);
        }
        next = after;
      }
      if (!next || next.kind === 'rparen') break;
      clauses.push(this.#clause(conjunction));
    }
    const first = clauses[0];
    // Groups refuse `()` before calling here, so only a leading `)` of the whole query gets here.
    if (!first) throw new QuerySyntaxError("This ')' has no matching '('", this.#peek()?.start ?? 0);
    if (clauses.length === 1 && first.modifier === null) return first.query;
    const last = clauses[clauses.length - 1] as PendingClause;
    return { kind: 'bool', clauses: resolveOccurs(clauses), start: first.start, end: last.end };
  }

  #clause(conjunction: PendingClause['conjunction']): PendingClause {
    const first = this.#peek() as Token;
    let modifier: PendingClause['modifier'] = null;
    if (first.kind === 'plus' || first.kind === 'minus' || first.kind === 'not') {
      modifier = first.kind === 'plus' ? '+' : first.kind === 'minus' ? '-' : 'NOT';
      this.#take();
      const after = this.#peek();
      const written = first.text;
      if (!after || after.kind === 'rparen') {
        throw new QuerySyntaxError(`${written} needs a search term after it`, first.start, first.end);
      }
      if (
        after.kind === 'and' ||
        after.kind === 'or' ||
        after.kind === 'plus' ||
        after.kind === 'minus' ||
        after.kind === 'not'
      ) {
        throw new QuerySyntaxError(
          `Two operators in a row: ${written} cannot be followed by ${after.text}`,
          after.start,
          after.end,
        );
      }
    }
    const query = this.#fieldAndValue();
    return { conjunction, modifier, query, start: first.start, end: query.end };
  }

  #fieldAndValue(): Query {
    const token = this.#peek() as Token;
    if (token.kind === 'term' && this.#peek(1)?.kind === 'colon') {
      this.#take();
      const colon = this.#take();
      if (token.raw === '*') return this.#matchAll(token);
      const field = fieldRef(token);
      if (field.name === '_exists_') return this.#exists(token);
      return this.#value(field, token.start, colon.end);
    }
    return this.#value(null, token.start, token.start);
  }

  #matchAll(star: TermToken): Query {
    const value = this.#peek();
    if (value?.kind === 'term' && value.raw === '*') {
      this.#take();
      return { kind: 'all', start: star.start, end: value.end };
    }
    throw new QuerySyntaxError("A field name cannot be '*': only *:* (every user) is allowed", star.start, star.end);
  }

  #exists(fieldToken: TermToken): Query {
    const value = this.#peek();
    if (value?.kind === 'term' && value.segments.length === 1) {
      this.#take();
      return { kind: 'exists', field: fieldRef(value), start: fieldToken.start, end: value.end };
    }
    if (value?.kind === 'quoted' && value.value !== '') {
      this.#take();
      const field = namedField(value.value, value.start, value.end);
      return { kind: 'exists', field, start: fieldToken.start, end: value.end };
    }
    const at = value?.start ?? this.#endOffset();
    throw new QuerySyntaxError(
      '_exists_: needs a field name after it, for example _exists_:last_login',
      at,
      value?.end,
    );
  }

  /** What follows `field:` (or a bare value when `field` is null). */
  #value(field: FieldRef | null, start: number, afterColon: number): Query {
    const token = this.#peek();
    const fieldText = field ? `${field.name}:` : '';
    const missing = field ? `${fieldText} needs a value after the ':'` : 'A search term is missing here';
    if (!token || token.kind === 'rparen' || token.kind === 'and' || token.kind === 'or') {
      throw new QuerySyntaxError(missing, token?.start ?? afterColon, token?.end);
    }
    this.#take();
    let query: Query;
    switch (token.kind) {
      case 'term':
        query =
          token.segments.length === 1
            ? {
                kind: 'term',
                field,
                value: token.segments[0] as string,
                quoted: false,
                start,
                end: token.end,
                valueStart: token.start,
              }
            : { kind: 'wildcard', field, segments: token.segments, start, end: token.end, valueStart: token.start };
        break;
      case 'quoted':
        query = {
          kind: 'term',
          field,
          value: token.value,
          quoted: true,
          start,
          end: token.end,
          valueStart: token.start,
        };
        break;
      case 'lparen':
        query = this.#group(field, start, token);
        break;
      case 'rangeStart':
        query = this.#range(field, start, token);
        break;
      case 'colon':
        throw new QuerySyntaxError(
          field
            ? `Unexpected ':' after ${fieldText} put a value that contains ':' in quotes, for example ${fieldText}"a:b"`
            : "A ':' needs a field name before it, for example email:jane@example.com",
          token.start,
        );
      default: {
        const written = 'text' in token ? token.text : this.#text.slice(token.start, token.end);
        throw new QuerySyntaxError(
          `${missing}, not the operator ${written}: to search for it, escape it with \\ or use quotes`,
          token.start,
          token.end,
        );
      }
    }
    const after = this.#peek();
    if (after?.kind === 'colon') {
      const hint = field ? `the value of ${field.name}` : `'${this.#text.slice(query.start, query.end)}'`;
      throw new QuerySyntaxError(
        `Unexpected ':' in ${hint}: put a value that contains ':' in quotes, for example created_at:"2017-11-02T10:00:00Z"`,
        after.start,
      );
    }
    return query;
  }

  #group(field: FieldRef | null, start: number, open: Token): GroupQuery {
    const next = this.#peek();
    if (next?.kind === 'rparen') {
      throw new QuerySyntaxError('Empty parentheses: put a search term between them', open.start, next.end);
    }
    if (!next) throw new QuerySyntaxError("This '(' is never closed: add a ')'", open.start);
    if (this.#depth >= MAX_GROUP_DEPTH) {
      throw new QuerySyntaxError(
        `Parentheses nest more than ${MAX_GROUP_DEPTH} levels deep here: simplify the query`,
        open.start,
        open.end,
      );
    }
    this.#depth++;
    const query = this.#sequence();
    this.#depth--;
    const close = this.#peek();
    if (close?.kind !== 'rparen') throw new QuerySyntaxError("This '(' is never closed: add a ')'", open.start);
    this.#take();
    return { kind: 'group', field, query, start, end: close.end };
  }

  #range(field: FieldRef | null, start: number, open: BracketToken): RangeQuery {
    const lower = this.#rangeValue(open, 'before TO');
    const to = this.#peek();
    if (to?.kind !== 'to') {
      const at = to ?? { start: this.#endOffset(), end: this.#endOffset() };
      const message =
        to?.kind === 'rangeEnd' ? 'A range needs TO and a second value' : 'A range needs TO between its two values';
      throw new QuerySyntaxError(`${message}, for example [2017-11 TO 2017-12]`, at.start, at.end);
    }
    this.#take();
    const upper = this.#rangeValue(open, 'after TO');
    const close = this.#peek();
    if (!close) throw new QuerySyntaxError("This range is never closed: add ']' or '}'", open.start);
    if (close.kind !== 'rangeEnd') {
      throw new QuerySyntaxError(
        "A range has exactly two values: close it with ']' or '}' here",
        close.start,
        close.end,
      );
    }
    this.#take();
    return {
      kind: 'range',
      field,
      lower: bound(lower, open.inclusive),
      upper: bound(upper, close.inclusive),
      start,
      end: close.end,
    };
  }

  #rangeValue(open: Token, where: string): RangeValueToken {
    const token = this.#peek();
    if (!token) throw new QuerySyntaxError("This range is never closed: add ']' or '}'", open.start);
    if (token.kind !== 'rangeValue') {
      throw new QuerySyntaxError(`A range needs a value ${where} (use * for an open end)`, token.start, token.end);
    }
    this.#take();
    return token;
  }
}

function fieldRef(token: TermToken): FieldRef {
  if (token.segments.length > 1) {
    throw new QuerySyntaxError("A field name cannot contain '*'", token.start, token.end);
  }
  return namedField(token.segments[0] as string, token.start, token.end);
}

function namedField(name: string, start: number, end: number): FieldRef {
  const path = name.split('.');
  if (path.some((part) => part === '')) {
    throw new QuerySyntaxError(`The field name ${name} has an empty part between dots`, start, end);
  }
  return { name, path, start, end };
}

function bound(token: RangeValueToken, inclusive: boolean): RangeBound {
  return { value: token.value, inclusive, quoted: token.quoted, start: token.start, end: token.end };
}

/**
 * Lucene's QueryParserBase.addClause with the default operator OR: AND makes the clauses on both
 * sides required (unless one is prohibited), NOT / `-` prohibits the clause after it, `+` requires
 * it, and everything else is optional (`should`).
 */
function resolveOccurs(pending: PendingClause[]): BoolClause[] {
  const clauses: BoolClause[] = [];
  for (const clause of pending) {
    const previous = clauses[clauses.length - 1];
    if (previous && clause.conjunction === 'AND' && previous.occur !== 'mustNot') previous.occur = 'must';
    const prohibited = clause.modifier === '-' || clause.modifier === 'NOT';
    const required = clause.modifier === '+' || (clause.conjunction === 'AND' && !prohibited);
    const occur: Occur = prohibited ? 'mustNot' : required ? 'must' : 'should';
    clauses.push({ ...clause, occur });
  }
  return clauses;
}
