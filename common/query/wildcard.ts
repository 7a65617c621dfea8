// Wildcard matching in linear time. A pattern is its literal segments between the `*`s
// (`a*b*c` is ['a', 'b', 'c']); a value matches when it starts with the first segment, ends with
// the last, and holds the ones between in order without overlap. Taking each middle segment at its
// leftmost place is always right for patterns made only of `*`, so one left-to-right pass with
// indexOf decides: no backtracking, unlike a RegExp of `.*`s, which a crafted pattern such as
// `*a*a*a*a*a*a*b` over a long value can make run for minutes.

export type WildcardMatcher = (value: string) => boolean;

/** A matcher for `segments` as written (fold case before calling, when the field needs it). */
export function wildcardMatcher(segments: readonly string[]): WildcardMatcher {
  if (segments.length < 2) {
    const whole = segments[0] ?? '';
    return (value) => value === whole;
  }
  const first = segments[0] as string;
  const last = segments[segments.length - 1] as string;
  const middle = segments.slice(1, -1).filter((segment) => segment !== '');
  const fixed = first.length + last.length;
  return (value) => {
    if (value.length < fixed || !value.startsWith(first) || !value.endsWith(last)) return false;
    const end = value.length - last.length;
    let at = first.length;
    for (const segment of middle) {
      const found = value.indexOf(segment, at);
      if (found < 0 || found + segment.length > end) return false;
      at = found + segment.length;
    }
    return true;
  };
}

/**
 * The most `*` one term may hold. Auth0 documents no such limit, but its search runs on
 * Elasticsearch, which compiles a wildcard to an automaton and refuses patterns whose automaton
 * grows too large (`max_determinized_states`), so a term with many stars can fail there too; no
 * real search needs more than a few. Refusing more than this in words keeps every pass over a
 * pattern small.
 */
export const MAX_WILDCARDS_PER_TERM = 10;
