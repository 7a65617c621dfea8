// Prints a query tree back as query text that parses to the same tree: for the UI (a normalized,
// copyable form of what the user typed) and for building queries in code. Operators come out in
// their documented spelling (AND, OR, NOT), whitespace is normalized.
import type { BoolClause, FieldRef, Query, RangeBound } from './ast.ts';

export function formatQuery(query: Query): string {
  switch (query.kind) {
    case 'term':
      return fieldPrefix(query.field) + (query.quoted ? quote(query.value) : escapeTerm(query.value));
    case 'wildcard':
      return (
        fieldPrefix(query.field) + query.segments.map((segment, index) => escapeTerm(segment, index === 0)).join('*')
      );
    case 'range':
      return (
        fieldPrefix(query.field) +
        (query.lower.inclusive ? '[' : '{') +
        formatBound(query.lower) +
        ' TO ' +
        formatBound(query.upper) +
        (query.upper.inclusive ? ']' : '}')
      );
    case 'exists':
      return `_exists_:${escapeTerm(query.field.name)}`;
    case 'all':
      return '*:*';
    case 'group':
      return `${fieldPrefix(query.field)}(${formatQuery(query.query)})`;
    case 'bool':
      return query.clauses.map(formatClause).join(' ');
  }
}

function formatClause(clause: BoolClause): string {
  const conjunction = clause.conjunction ? `${clause.conjunction} ` : '';
  const modifier = clause.modifier === 'NOT' ? 'NOT ' : (clause.modifier ?? '');
  // The parser never puts a bool straight into a clause; a hand-built tree may, and then the
  // parentheses keep its meaning.
  const query = clause.query.kind === 'bool' ? `(${formatQuery(clause.query)})` : formatQuery(clause.query);
  return conjunction + modifier + query;
}

function fieldPrefix(field: FieldRef | null): string {
  return field ? `${escapeTerm(field.name)}:` : '';
}

const OPERATOR_WORDS = new Set(['AND', 'OR', 'NOT', '&&', '||']);
const TERM_SPECIALS = /[\s\\()[\]{}":!^~/*?]/gu;

/** Escapes what the tokenizer would otherwise read as syntax. */
function escapeTerm(value: string, startsToken = true): string {
  if (value === '' && startsToken) return '';
  let escaped = value.replace(TERM_SPECIALS, (char) => `\\${char}`);
  if (startsToken && (OPERATOR_WORDS.has(value) || value.startsWith('+') || value.startsWith('-'))) {
    escaped = `\\${escaped}`;
  }
  return escaped;
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, (char) => `\\${char}`)}"`;
}

function formatBound(bound: RangeBound): string {
  if (bound.value === null) return '*';
  if (bound.quoted) return quote(bound.value);
  const escaped = bound.value.replace(/[\s\\\]}]/gu, (char) => `\\${char}`);
  // Unescaped, these would read as the TO keyword, an open end or a quoted value.
  const needsLead = bound.value === 'TO' || bound.value === '*' || bound.value.startsWith('"');
  return needsLead ? `\\${escaped}` : escaped;
}
