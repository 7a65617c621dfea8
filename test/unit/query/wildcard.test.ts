import { describe, expect, it } from 'vitest';
import { wildcardMatcher } from '../../../common/query/index.ts';

/** The obvious (backtracking) definition, fine for short strings: the reference to agree with. */
function reference(segments: string[], value: string): boolean {
  const escaped = segments.map((segment) => segment.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'));
  return new RegExp(`^${escaped.join('[\\s\\S]*')}$`).test(value);
}

describe('wildcardMatcher', () => {
  it.each([
    [['jo', ''], 'john', true],
    [['jo', ''], 'ajo', false],
    [['', 'son'], 'jackson', true],
    [['', 'son'], 'sonja', false],
    [['a', 'b', 'c'], 'abc', true],
    [['a', 'b', 'c'], 'axxbyyc', true],
    [['a', 'b', 'c'], 'acb', false],
    // The first and last segments may not overlap.
    [['ab', 'ba'], 'aba', false],
    [['ab', 'ba'], 'abba', true],
    [['', 'aa', ''], 'aa', true],
    [['', 'aa', 'a'], 'aa', false],
    [['', ''], '', true],
    [['x', '', 'y'], 'xy', true],
  ])('%j against %s', (segments, value, expected) => {
    expect(wildcardMatcher(segments)(value)).toBe(expected);
    expect(reference(segments, value)).toBe(expected);
  });

  it('agrees with the regular-expression definition on many small cases', () => {
    let state = 7;
    const random = (n: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state % n;
    };
    const word = (max: number) => Array.from({ length: random(max + 1) }, () => 'ab'[random(2)]).join('');
    for (let round = 0; round < 5000; round++) {
      const segments = Array.from({ length: 2 + random(3) }, () => word(2));
      const value = word(7);
      expect(wildcardMatcher(segments)(value), `${segments.join('*')} ~ ${value}`).toBe(reference(segments, value));
    }
  });
});
