// A common/query tree as one SQL compound select of row ids, with Auth0's semantics (the same
// rules as emulator/search, read from common/query): whole-value matches on the stored postings,
// case folded where the field is case-insensitive, wildcards as index ranges plus an exact
// linear-time check, typed ranges (partial dates cover their period), `_exists_`, and Lucene's
// boolean clauses (must = INTERSECT, should = UNION, mustNot = EXCEPT; a purely negative query
// starts from every user). Where SQL would answer differently from Auth0, it throws
// CacheQueryError('unsupported_query') naming the part of the query.
import {
  dateRangeInterval,
  parseBooleanValue,
  parseDatePeriod,
  parseNumberValue,
  resolveField,
  BARE_TERM_FIELDS,
  type FieldQuery,
  type FieldRef,
  type ProfileField,
  type Query,
  type RangeBound,
  type ValueKind,
} from '../../common/query/index.ts';
import { CacheQueryError } from './types.ts';
import { trigramMatch } from './trigrams.ts';
import {
  dateTwinName,
  FALSE_VALUE,
  PROFILE_FIELD_IDS,
  REVERSED_FIELD_IDS,
  reverseText,
  TRUE_VALUE,
  type StoredValue,
} from './postings.ts';

export type SqlParam = StoredValue | null;

export interface FieldCatalog {
  /** The id of an interned metadata path, or undefined when no cached user has it. */
  metadataId(path: string): number | undefined;
  /** Ids of a metadata path and every path below it. */
  metadataIdsUnder(path: string): number[];
  /** Whether some user has more than one value in the field (then its rows need DISTINCT). */
  isMultiValued(id: number): boolean;
  /**
   * The field's FTS5 trigram table (trigrams.ts) once complete; null while it is being built (the
   * first ask starts the build) or cannot be: scan the values instead.
   */
  trigramTable?(id: number): string | null;
}

export interface CompiledQuery {
  /** A select yielding distinct `rid`s, in no particular order. */
  sql: string;
  params: SqlParam[];
}

const NOTHING = 'SELECT rid FROM users WHERE 0';
const EVERYONE = 'SELECT rid FROM users';

/** Names of SQL functions the cache registers (sqlite-cache.ts). */
export const WILDCARD_FUNCTION = 'roster_wildcard';
export const IS_DATE_FUNCTION = 'roster_is_date';

interface Target {
  ids: number[];
  kind: ValueKind;
  caseInsensitive: boolean;
  /** app_metadata paths: date-like strings have a twin field of epoch ms for ranges. */
  dateTwin?: number | undefined;
}

export function compileQuerySql(query: Query, catalog: FieldCatalog, source: string): CompiledQuery {
  const params: SqlParam[] = [];
  const sql = compileNode(query, null, { catalog, params, source });
  return { sql, params };
}

/**
 * The same query as a tree of row sets to combine in memory (search.ts): each leaf is one field's
 * select of row ids, exactly as compileQuerySql writes it, and the boolean clauses become AND, OR
 * and AND NOT over those sets (the same must / should / mustNot rules as compileNode below).
 */
export type QueryPlan =
  | { op: 'rows'; sql: string; params: SqlParam[] }
  | { op: 'and' | 'or'; parts: QueryPlan[] }
  | { op: 'andNot'; base: QueryPlan; minus: QueryPlan[] };

export const EVERYONE_PLAN: QueryPlan = { op: 'rows', sql: EVERYONE, params: [] };

export function compileQueryPlan(query: Query, catalog: FieldCatalog, source: string): QueryPlan {
  return planNode(query, null, catalog, source);
}

function planNode(node: Query, inherited: FieldRef | null, catalog: FieldCatalog, source: string): QueryPlan {
  switch (node.kind) {
    case 'all':
      return EVERYONE_PLAN;
    case 'group':
      return planNode(node.query, node.field ?? inherited, catalog, source);
    case 'bool': {
      const of = (occur: string) =>
        node.clauses
          .filter((clause) => clause.occur === occur)
          .map((clause) => planNode(clause.query, inherited, catalog, source));
      const must = of('must');
      const should = must.length === 0 ? of('should') : [];
      const mustNot = of('mustNot');
      const base: QueryPlan =
        must.length > 0 ? { op: 'and', parts: must } : should.length > 0 ? { op: 'or', parts: should } : EVERYONE_PLAN;
      return mustNot.length === 0 ? base : { op: 'andNot', base, minus: mustNot };
    }
    default: {
      const context: Context = { catalog, params: [], source };
      const sql = compileLeaf(node, node.field ?? inherited, context);
      return { op: 'rows', sql, params: context.params };
    }
  }
}

interface Context {
  catalog: FieldCatalog;
  params: SqlParam[];
  source: string;
}

function compileNode(node: Query, inherited: FieldRef | null, context: Context): string {
  switch (node.kind) {
    case 'all':
      return EVERYONE;
    case 'group':
      return compileNode(node.query, node.field ?? inherited, context);
    case 'bool': {
      const of = (occur: string) =>
        node.clauses
          .filter((clause) => clause.occur === occur)
          .map((clause) => compileNode(clause.query, inherited, context));
      const must = of('must');
      const should = must.length === 0 ? of('should') : [];
      const mustNot = of('mustNot');
      // Every `must`, no `mustNot`, and one `should` when there is no `must`; only `mustNot`:
      // everyone else (Elasticsearch adds a match-all to such queries).
      const base = must.length > 0 ? join(must, 'INTERSECT') : should.length > 0 ? join(should, 'UNION') : EVERYONE;
      return mustNot.length === 0 ? base : `${base} EXCEPT ${join(mustNot, 'EXCEPT')}`;
    }
    default:
      return compileLeaf(node, node.field ?? inherited, context);
  }
}

function join(parts: string[], operator: string): string {
  return parts.map((part) => `SELECT rid FROM (${part})`).join(` ${operator} `);
}

function compileLeaf(node: FieldQuery, field: FieldRef | null, context: Context): string {
  if (node.kind === 'exists') return compileExists(node.field, context);
  const targets = targetsOf(field, context);
  const parts = targets.flatMap((target) => target.ids.map((id) => leafSql(node, id, target, context)));
  if (parts.length === 0) return NOTHING;
  return parts.length === 1 ? (parts[0] as string) : join(parts, 'UNION');
}

function targetsOf(field: FieldRef | null, context: Context): Target[] {
  if (!field) return BARE_TERM_FIELDS.map(profileTarget);
  const resolved = resolveField(field.name);
  if (resolved.type === 'profile') {
    refuseUnanswerable(resolved.rule, field, context);
    return [profileTarget(resolved.rule)];
  }
  if (resolved.type !== 'metadata' || resolved.path.length === 0) return [];
  const id = context.catalog.metadataId(field.name);
  if (id === undefined) return [];
  const twin = resolved.root === 'app_metadata' ? context.catalog.metadataId(dateTwinName(field.name)) : undefined;
  return [{ ids: [id], kind: 'metadata', caseInsensitive: false, dateTwin: twin ?? -1 }];
}

function profileTarget(rule: ProfileField): Target {
  return { ids: [PROFILE_FIELD_IDS.get(rule.name) as number], kind: rule.kind, caseInsensitive: rule.caseInsensitive };
}

function refuseUnanswerable(rule: ProfileField, field: FieldRef, context: Context): void {
  if (rule.name === 'organization_id') {
    throw new CacheQueryError(
      'unsupported_query',
      `${field.name} cannot be searched offline: organization memberships are not part of the cached users. ` +
        `Search it online, or leave out "${context.source.slice(field.start, field.end)}"`,
      { start: field.start, end: field.end },
    );
  }
}

function compileExists(field: FieldRef, context: Context): string {
  const resolved = resolveField(field.name);
  let ids: number[];
  if (resolved.type === 'profile') {
    refuseUnanswerable(resolved.rule, field, context);
    ids = [PROFILE_FIELD_IDS.get(resolved.rule.name) as number];
  } else if (resolved.type === 'metadata') ids = context.catalog.metadataIdsUnder(field.name);
  else ids = [];
  if (ids.length === 0) return NOTHING;
  if (ids.length === 1) return selectRids(ids[0] as number, context);
  return `SELECT DISTINCT rid FROM postings WHERE f IN (${ids.join(',')})`;
}

/** `SELECT rid` from the field's rows, deduplicated only when a user can hold several values. */
function selectRids(id: number, context: Context, table = 'postings'): string {
  return `SELECT ${context.catalog.isMultiValued(id) ? 'DISTINCT ' : ''}rid FROM ${table} WHERE f = ${id}`;
}

function param(context: Context, value: SqlParam): string {
  context.params.push(value);
  return '?';
}

function leafSql(node: Exclude<FieldQuery, { kind: 'exists' }>, id: number, target: Target, context: Context): string {
  switch (node.kind) {
    case 'term':
      return termSql(node.value, id, target, context);
    case 'wildcard':
      return wildcardSql(node.segments, id, target, context);
    case 'range':
      return rangeSql(node.lower, node.upper, id, target, context);
  }
}

function termSql(text: string, id: number, target: Target, context: Context): string {
  const values: SqlParam[] = [];
  switch (target.kind) {
    case 'text':
      values.push(target.caseInsensitive ? text.toLowerCase() : text);
      break;
    case 'number': {
      const number = parseNumberValue(text);
      if (number !== null) values.push(number);
      break;
    }
    case 'boolean': {
      const flag = parseBooleanValue(text);
      if (flag !== null) values.push(flag ? TRUE_VALUE : FALSE_VALUE);
      break;
    }
    case 'date': {
      const period = parseDatePeriod(text);
      if (!period) return NOTHING;
      return `${selectRids(id, context)} AND v >= ${param(context, period.start)} AND v < ${param(context, period.next)}`;
    }
    case 'metadata': {
      // A metadata value is compared as what it is: the text, or the number or boolean it spells.
      values.push(text);
      const number = parseNumberValue(text);
      if (number !== null) values.push(number);
      const flag = parseBooleanValue(text);
      if (flag !== null) values.push(flag ? TRUE_VALUE : FALSE_VALUE);
      break;
    }
  }
  if (values.length === 0) return NOTHING;
  if (values.length === 1)
    return `SELECT rid FROM postings WHERE f = ${id} AND v = ${param(context, values[0] ?? null)}`;
  return `${selectRids(id, context)} AND v IN (${values.map((value) => param(context, value)).join(', ')})`;
}

/** The smallest text greater than every text that starts with `prefix` (UTF-8 order), or null. */
export function prefixUpperBound(prefix: string): string | null {
  const points = Array.from(prefix, (char) => char.codePointAt(0) as number);
  while (points.length > 0 && points[points.length - 1] === 0x10ffff) points.pop();
  if (points.length === 0) return null;
  let last = (points.pop() as number) + 1;
  if (last === 0xd800) last = 0xe000;
  points.push(last);
  return String.fromCodePoint(...points);
}

function prefixRange(column: string, prefix: string, context: Context): string {
  const upper = prefixUpperBound(prefix);
  const low = `${column} >= ${param(context, prefix)}`;
  return upper === null ? low : `${low} AND ${column} < ${param(context, upper)}`;
}

function wildcardSql(segments: readonly string[], id: number, target: Target, context: Context): string {
  if (segments.every((segment) => segment === '')) {
    // A lone `*`: any value (the checker refuses it where Auth0 does).
    return `${selectRids(id, context)}`;
  }
  if (target.kind !== 'text' && target.kind !== 'metadata') return NOTHING;
  const parts = target.caseInsensitive ? segments.map((segment) => segment.toLowerCase()) : [...segments];
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  const onlyTrailing = parts.slice(1).every((part) => part === '');
  if (onlyTrailing) {
    return `SELECT rid FROM postings WHERE f = ${id} AND ${prefixRange('v', first, context)}`;
  }
  // The exact check, in linear time (common/query/wildcard.ts), on what an index range leaves.
  // Bound parameters (`?`) are numbered in the order they appear, so each part is built in that order.
  const check = (segments: string[]) => `${WILDCARD_FUNCTION}(${param(context, JSON.stringify(segments))}, v)`;
  if (first.length >= last.length && first !== '') {
    const range = prefixRange('v', first, context);
    return `${selectRids(id, context)} AND ${range} AND ${check(parts)}`;
  }
  if (last !== '' && REVERSED_FIELD_IDS.has(id)) {
    // Suffix: a prefix of the reversed text, checked against the reversed pattern.
    const range = prefixRange('v', reverseText(last), context);
    const reversed = parts.map(reverseText).reverse();
    return `${selectRids(id, context, 'reversed')} AND ${range} AND ${check(reversed)}`;
  }
  // Only inner segments (*abc*), or a suffix on a field not stored reversed: the field's trigram
  // table finds the values holding every segment of three characters or more, and the check
  // confirms them (DISTINCT: a user can have several rows, even the same value twice); with no
  // such segment, or no complete table yet, scan the field's text values for the longest one.
  const match = trigramMatch(parts);
  const table = match === null ? null : (context.catalog.trigramTable?.(id) ?? null);
  if (table !== null && match !== null) {
    return `SELECT DISTINCT rid FROM ${table} WHERE ${table} MATCH ${param(context, match)} AND ${check(parts)}`;
  }
  const longest = parts.reduce((best, part) => (part.length > best.length ? part : best), '');
  const contains = `instr(v, ${param(context, longest)}) > 0`;
  return `${selectRids(id, context)} AND typeof(v) = 'text' AND ${contains} AND ${check(parts)}`;
}

function rangeSql(lower: RangeBound, upper: RangeBound, id: number, target: Target, context: Context): string {
  switch (target.kind) {
    case 'text':
      return textRangeSql(lower, upper, id, target.caseInsensitive, '', context);
    case 'number':
      return numberRangeSql(lower, upper, id, context) ?? NOTHING;
    case 'date': {
      const interval = dateRangeInterval(lower, upper);
      return interval ? intervalSql(id, interval.from, interval.to, context) : NOTHING;
    }
    case 'boolean':
      return NOTHING;
    case 'metadata': {
      // Numbers by number; strings by text, except that date-like strings compare as dates when
      // both bounds are dates (Elasticsearch's date detection): their twin holds the epoch ms.
      const parts: string[] = [];
      const numbers = numberRangeSql(lower, upper, id, context);
      if (numbers) parts.push(numbers);
      const interval = dateRangeInterval(lower, upper);
      if (interval && target.dateTwin !== undefined) {
        if (target.dateTwin >= 0) parts.push(intervalSql(target.dateTwin, interval.from, interval.to, context));
        parts.push(textRangeSql(lower, upper, id, false, ` AND NOT ${IS_DATE_FUNCTION}(v)`, context));
      } else parts.push(textRangeSql(lower, upper, id, false, '', context));
      return parts.length === 1 ? (parts[0] as string) : join(parts, 'UNION');
    }
  }
}

function textRangeSql(
  lower: RangeBound,
  upper: RangeBound,
  id: number,
  caseInsensitive: boolean,
  extra: string,
  context: Context,
): string {
  const fold = (text: string) => (caseInsensitive ? text.toLowerCase() : text);
  const conditions = [`typeof(v) = 'text'`];
  if (lower.value !== null) conditions.push(`v ${lower.inclusive ? '>=' : '>'} ${param(context, fold(lower.value))}`);
  if (upper.value !== null) conditions.push(`v ${upper.inclusive ? '<=' : '<'} ${param(context, fold(upper.value))}`);
  return `${selectRids(id, context)} AND ${conditions.join(' AND ')}${extra}`;
}

function numberRangeSql(lower: RangeBound, upper: RangeBound, id: number, context: Context): string | null {
  const low = lower.value === null ? null : parseNumberValue(lower.value);
  const high = upper.value === null ? null : parseNumberValue(upper.value);
  if ((lower.value !== null && low === null) || (upper.value !== null && high === null)) return null;
  const conditions = [`typeof(v) IN ('integer', 'real')`];
  if (low !== null) conditions.push(`v ${lower.inclusive ? '>=' : '>'} ${param(context, low)}`);
  if (high !== null) conditions.push(`v ${upper.inclusive ? '<=' : '<'} ${param(context, high)}`);
  return `${selectRids(id, context)} AND ${conditions.join(' AND ')}`;
}

/** Epoch ms t with from <= t < to (infinite ends open). */
function intervalSql(id: number, from: number, to: number, context: Context): string {
  const conditions = [`typeof(v) IN ('integer', 'real')`];
  if (Number.isFinite(from)) conditions.push(`v >= ${param(context, from)}`);
  if (Number.isFinite(to)) conditions.push(`v < ${param(context, to)}`);
  return `${selectRids(id, context)} AND ${conditions.join(' AND ')}`;
}
