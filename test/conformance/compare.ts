// Compares an emulator answer with a recorded one: the same keys present and absent, the same types, the
// same values, except values that differ by nature between two tenants (ids, dates, tickets), which must
// only have the recorded format. The first time such a value is met, the pair is learnt, so later requests
// use the emulator's id and later answers must show the same id again.
import type { CompareRules } from './recording.ts';

/** Values that differ between tenants and runs; the emulator's must have the same format. */
const VOLATILE_FORMATS: RegExp[] = [
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
  /^auth0\|[0-9a-f]{24}$/,
  /^[0-9a-f]{24}$/,
  /^job_[A-Za-z0-9]{16}$/,
  /^rol_[A-Za-z0-9]{16}$/,
  /^con_[A-Za-z0-9]{16}$/,
  // Client ids (a connection's enabled_clients).
  /^[A-Za-z0-9]{32}$/,
  /^https:\/\/[^/]+\/u\/reset-password\?ticket=[A-Za-z0-9]{32}#$/,
];

/** Recorded strings and what stands for them in the replay: the setup's adaptations, then learnt ids. */
export class Substitutions {
  #pairs = new Map<string, string>();

  constructor(adapt: Record<string, string> = {}) {
    for (const [recorded, replayed] of Object.entries(adapt)) this.#pairs.set(recorded, replayed);
  }

  has(recorded: string): boolean {
    return this.#pairs.has(recorded);
  }

  learn(recorded: string, replayed: string): void {
    this.#pairs.set(recorded, replayed);
    // `auth0|<hex>` also appears bare (identities) and URL-encoded (`auth0%7C<hex>`): learn the hex part too.
    const [provider, id] = recorded.split('|');
    const [, replayedId] = replayed.split('|');
    if (provider && id && replayedId && !this.#pairs.has(id)) this.#pairs.set(id, replayedId);
  }

  /** Replaces every recorded string inside `text`, longest first so an id never replaces part of a longer one. */
  apply(text: string): string {
    let result = text;
    const recorded = [...this.#pairs.keys()].sort((left, right) => right.length - left.length);
    for (const key of recorded) result = result.split(key).join(this.#pairs.get(key) as string);
    return result;
  }

  applyDeep(value: unknown): unknown {
    if (typeof value === 'string') return this.apply(value);
    if (Array.isArray(value)) return value.map((item) => this.applyDeep(item));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.applyDeep(item)]));
    }
    return value;
  }
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function child(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** Every difference between the recorded body and the emulator's, each naming its path (`users[].email`). */
export function compareBodies(
  recorded: unknown,
  actual: unknown,
  substitutions: Substitutions,
  rules: Partial<CompareRules> = {},
): string[] {
  const differences: string[] = [];
  const anyLength = new Set(rules.anyLength ?? []);
  const typeOnly = new Set(rules.typeOnly ?? []);
  const tenantKeys = new Set(rules.tenantKeys ?? []);

  const visit = (expected: unknown, got: unknown, path: string, learn: boolean): void => {
    const where = path === '' ? '(body)' : path;
    if (typeOf(expected) !== typeOf(got)) {
      differences.push(`${where}: expected ${typeOf(expected)}, got ${typeOf(got)} ${JSON.stringify(got)}`);
      return;
    }
    if (typeOnly.has(path)) return;
    if (typeof expected === 'string') {
      const wanted = substitutions.apply(expected);
      if (wanted === got) return;
      // A value already learnt (wholly or in part, like the hex of `auth0|<hex>`) must be the learnt one.
      const known = wanted !== expected || substitutions.has(expected);
      const format = known ? undefined : VOLATILE_FORMATS.find((pattern) => pattern.test(expected));
      if (format?.test(got as string)) {
        if (learn) substitutions.learn(expected, got as string);
        return;
      }
      differences.push(`${where}: expected ${JSON.stringify(wanted)}, got ${JSON.stringify(got)}`);
      return;
    }
    if (Array.isArray(expected)) {
      const items = got as unknown[];
      if (anyLength.has(path)) {
        const [model] = expected;
        if (model !== undefined) for (const item of items) visit(model, item, `${path}[]`, false);
        return;
      }
      if (expected.length !== items.length) {
        differences.push(`${where}: expected ${expected.length} items, got ${items.length}`);
        return;
      }
      expected.forEach((item, index) => visit(item, items[index], `${path}[]`, learn));
      return;
    }
    if (expected !== null && typeof expected === 'object') {
      const wanted = expected as Record<string, unknown>;
      const present = got as Record<string, unknown>;
      for (const key of Object.keys(wanted)) {
        if (!(key in present)) differences.push(`${child(path, key)}: missing`);
        else visit(wanted[key], present[key], child(path, key), learn);
      }
      for (const key of Object.keys(present)) {
        if (!(key in wanted) && !tenantKeys.has(child(path, key))) {
          differences.push(`${child(path, key)}: not in the recording (${JSON.stringify(present[key])})`);
        }
      }
      return;
    }
    if (expected !== got)
      differences.push(`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
  };

  visit(recorded, actual, '', true);
  return differences;
}
