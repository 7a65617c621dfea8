// The rules of Auth0 v3 search that a parsed query can still break (FACTS.md, GET /api/v2/users):
// the 3-character wildcard rule, no ranges or wildcards on user_metadata, `picture` is not
// searchable, and values a typed field cannot read. Errors are what Auth0 answers with 400;
// warnings are queries Auth0 runs but that very likely do not mean what they say.
import type { BoolQuery, FieldQuery, FieldRef, Query, RangeBound, Span } from './ast.ts';
import type { QueryProblem } from './errors.ts';
import { resolveField, type FieldKind, type ResolvedField } from './fields.ts';
import { parseBooleanValue, parseDatePeriod, parseNumberValue } from './values.ts';
import { walkQuery } from './walk.ts';
import { MAX_WILDCARDS_PER_TERM } from './wildcard.ts';

/** Auth0: "for other uses of wildcards (e.g. suffix matching), literals must have 3 characters or more". */
export const WILDCARD_MIN_LITERALS = 3;

export function checkQuery(query: Query): QueryProblem[] {
  const problems: QueryProblem[] = [];
  walkQuery(query, {
    leaf: (node, field) => checkLeaf(node, field, problems),
    bool: (node) => checkIgnoredOptionalClauses(node, problems),
  });
  return problems.sort((a, b) => a.start - b.start);
}

function error(span: Span, message: string): QueryProblem {
  return { severity: 'error', message, start: span.start, end: span.end };
}

function warning(span: Span, message: string): QueryProblem {
  return { severity: 'warning', message, start: span.start, end: span.end };
}

function checkLeaf(node: FieldQuery, field: FieldRef | null, problems: QueryProblem[]): void {
  if (node.kind === 'wildcard') {
    // The pattern is at fault, not its field: `email:*a` is wrong at character 7, not 1.
    const pattern = { start: node.valueStart ?? node.start, end: node.end };
    const problem = checkWildcardCount(node.segments, pattern) ?? checkWildcardLiterals(node.segments, pattern);
    if (problem) problems.push(problem);
  }
  if (!field) {
    if (node.kind === 'range') {
      problems.push(error(node, 'A range needs a field, for example last_login:[2017-11 TO 2017-12]'));
    }
    return;
  }
  const resolved = resolveField(field.name);
  const fieldProblem = checkFieldUse(node, field, resolved);
  if (fieldProblem) problems.push(fieldProblem);
  else if (resolved.type === 'profile' && node.kind !== 'exists') {
    problems.push(...checkTypedValue(node, field.name, resolved.rule.kind));
  }
}

/** At most MAX_WILDCARDS_PER_TERM stars in one term (see wildcard.ts for why). */
export function checkWildcardCount(segments: readonly string[], span: Span): QueryProblem | null {
  const stars = segments.length - 1;
  if (stars <= MAX_WILDCARDS_PER_TERM) return null;
  return error(
    span,
    `A term may hold at most ${MAX_WILDCARDS_PER_TERM} wildcards (*); this one has ${stars}: search a shorter pattern`,
  );
}

/** A leading or inner `*` needs 3 literal characters; a trailing one (`j*`) or a lone `*` needs none. */
export function checkWildcardLiterals(segments: readonly string[], span: Span): QueryProblem | null {
  const onlyTrailing = segments.slice(1).every((segment) => segment === '');
  if (onlyTrailing) return null;
  const literals = segments.reduce((count, segment) => count + [...segment].length, 0);
  if (literals >= WILDCARD_MIN_LITERALS) return null;
  const written = segments.join('*');
  return error(
    span,
    `A wildcard needs at least ${WILDCARD_MIN_LITERALS} characters before or after it: ${written} has ${literals}. ` +
      `With fewer, put the * only at the end (for example ${segments.join('') || 'jo'}*)`,
  );
}

function checkFieldUse(node: FieldQuery, field: FieldRef, resolved: ResolvedField): QueryProblem | null {
  switch (resolved.type) {
    case 'unsearchable':
      return error(field, `${field.name} is not searchable in Auth0 user search`);
    case 'unknown': {
      const hint = resolved.suggestion ? ` Did you mean ${resolved.suggestion}?` : '';
      return warning(field, `Auth0 has no searchable field ${field.name}, so this matches no user.${hint}`);
    }
    case 'metadata':
      if (node.kind === 'exists') return null;
      if (resolved.path.length === 0) {
        return warning(
          field,
          `${field.name} is an object: search one of its fields, for example ${field.name}.plan:"gold", or use _exists_:${field.name}`,
        );
      }
      if (resolved.root === 'user_metadata' && node.kind === 'range') {
        return error(node, `Ranges are not available on user_metadata fields (Auth0 does not index them for ranges)`);
      }
      if (resolved.root === 'user_metadata' && node.kind === 'wildcard') {
        const exists = node.segments.every((segment) => segment === '')
          ? ` To find users that have it, use _exists_:${field.name}`
          : '';
        return error(node, `Wildcards are not available on user_metadata fields: search the exact value.${exists}`);
      }
      return null;
    case 'profile':
      return null;
  }
}

function checkTypedValue(node: FieldQuery, name: string, kind: FieldKind): QueryProblem[] {
  if (kind === 'text') return [];
  if (node.kind === 'wildcard') {
    if (node.segments.every((segment) => segment === '')) return [];
    const instead =
      kind === 'date'
        ? ` A partial date already covers its whole period: ${name}:2017-11 is all of November 2017`
        : kind === 'number'
          ? ` Use a range such as ${name}:[10 TO *]`
          : '';
    return [error(node, `Wildcards only work on text fields, and ${name} is a ${KIND_NAMES[kind]}.${instead}`)];
  }
  if (node.kind === 'term') {
    const value = { start: node.valueStart ?? node.start, end: node.end };
    return readsAs(node.value, kind) ? [] : [error(value, valueMessage(name, kind, node.value))];
  }
  if (node.kind === 'range') {
    if (kind === 'boolean') return [error(node, `Ranges do not work on ${name}, which is true or false`)];
    return [node.lower, node.upper]
      .filter((bound): bound is RangeBound & { value: string } => bound.value !== null && !readsAs(bound.value, kind))
      .map((bound) => error(bound, valueMessage(name, kind, bound.value)));
  }
  return [];
}

const KIND_NAMES: Record<FieldKind, string> = {
  text: 'text',
  number: 'number',
  boolean: 'true/false field',
  date: 'date',
};

function readsAs(text: string, kind: FieldKind): boolean {
  if (kind === 'number') return parseNumberValue(text) !== null;
  if (kind === 'boolean') return parseBooleanValue(text) !== null;
  if (kind === 'date') return parseDatePeriod(text) !== null;
  return true;
}

function valueMessage(name: string, kind: FieldKind, value: string): string {
  if (kind === 'number') return `${name} is a number: ${JSON.stringify(value)} is not one`;
  if (kind === 'boolean') return `${name} is true or false (in lower case), not ${JSON.stringify(value)}`;
  return `${name} is a date: write ${JSON.stringify(value)} as 2017, 2017-11, 2017-11-02 or 2017-11-02T10:00:00Z (times in quotes)`;
}

/**
 * Lucene gives `a AND b OR c` no precedence: AND makes a and b required and c stays optional, so
 * c neither widens nor narrows the result. People who write it mean something else.
 */
function checkIgnoredOptionalClauses(node: BoolQuery, problems: QueryProblem[]): void {
  if (!node.clauses.some((clause) => clause.occur === 'must')) return;
  for (const clause of node.clauses) {
    if (clause.occur !== 'should') continue;
    problems.push(
      warning(
        clause,
        'This term is ignored: next to AND, Auth0 reads OR terms as optional. ' +
          'Group with parentheses, for example (a AND b) OR c, or a AND (b OR c)',
      ),
    );
  }
}
