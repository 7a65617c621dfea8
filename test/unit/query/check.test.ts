import { describe, expect, it } from 'vitest';
import { analyzeQuery, checkQuery, parseQuery } from '../../../common/query/index.ts';

const problems = (text: string) =>
  checkQuery(parseQuery(text)).map(({ severity, message, start, end }) => ({ severity, message, start, end }));

describe('checkQuery: the 3-character wildcard rule', () => {
  it.each(['name:j*', 'name:jo**', 'name:**', 'name:*usa', 'name:*a*b*c', 'j*', 'email:*', 'name:ab*cd'])(
    'accepts %s',
    (text) => {
      expect(problems(text)).toEqual([]);
    },
  );

  it.each([
    // The pattern is underlined, not its field (issue 18: "at character 1" for a wildcard at 6).
    ['name:*sa', '*sa has 2', 5, 8],
    ['*a', '*a has 1', 0, 2],
    ['name:j*n', 'j*n has 2', 5, 8],
    ['email:(*ab OR jo*)', '*ab has 2', 7, 10],
  ])('refuses %s', (text, detail, start, end) => {
    const [problem, ...rest] = problems(text);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ severity: 'error', start, end });
    expect(problem?.message).toContain(`A wildcard needs at least 3 characters before or after it: ${detail}`);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(problems('name:*😀😀')[0]?.message).toContain('has 2');
  });
});

describe('checkQuery: fields', () => {
  it('refuses ranges and wildcards on user_metadata, but not on app_metadata', () => {
    expect(problems('user_metadata.age:[1 TO 5]')).toEqual([
      {
        severity: 'error',
        message: 'Ranges are not available on user_metadata fields (Auth0 does not index them for ranges)',
        start: 0,
        end: 26,
      },
    ]);
    expect(problems('user_metadata.city:Par*')[0]?.message).toBe(
      'Wildcards are not available on user_metadata fields: search the exact value.',
    );
    expect(problems('user_metadata.city:*')[0]?.message).toBe(
      'Wildcards are not available on user_metadata fields: search the exact value. To find users that have it, use _exists_:user_metadata.city',
    );
    expect(problems('user_metadata.city:Paris _exists_:user_metadata.city')).toEqual([]);
    expect(problems('app_metadata.age:[1 TO 5] app_metadata.city:Par*')).toEqual([]);
  });

  it('refuses picture, in a term and in _exists_', () => {
    expect(problems('picture:x')).toEqual([
      { severity: 'error', message: 'picture is not searchable in Auth0 user search', start: 0, end: 7 },
    ]);
    expect(problems('_exists_:picture')).toMatchObject([{ severity: 'error', start: 9, end: 16 }]);
  });

  it('warns about unknown fields, suggesting the closest one', () => {
    expect(problems('emial:jane')).toEqual([
      {
        severity: 'warning',
        message: 'Auth0 has no searchable field emial, so this matches no user. Did you mean email?',
        start: 0,
        end: 5,
      },
    ]);
    expect(problems('Email:jane')[0]?.message).toContain('Did you mean email?');
    expect(problems('favourite_colour:red')[0]?.message).toBe(
      'Auth0 has no searchable field favourite_colour, so this matches no user.',
    );
  });

  it('warns about a term on a whole metadata object', () => {
    expect(problems('app_metadata:gold')).toMatchObject([{ severity: 'warning', start: 0, end: 12 }]);
  });

  it('checks the values of typed fields, inherited fields included', () => {
    expect(problems('logins_count:ten')[0]?.message).toBe('logins_count is a number: "ten" is not one');
    expect(problems('blocked:TRUE')[0]?.message).toBe('blocked is true or false (in lower case), not "TRUE"');
    expect(problems('last_login:(2017-02-30 OR 2017-03)')).toMatchObject([{ severity: 'error', start: 12, end: 22 }]);
    expect(problems('created_at:[2017 TO yesterday]')).toMatchObject([{ severity: 'error', start: 20, end: 29 }]);
    expect(problems('logins_count:[1 TO *] created_at:"2017-11-02T10:00:00.000Z" email_verified:false')).toEqual([]);
    expect(problems('blocked:[false TO true]')[0]?.message).toBe(
      'Ranges do not work on blocked, which is true or false',
    );
    expect(problems('logins_count:1*')[0]?.message).toBe(
      'Wildcards only work on text fields, and logins_count is a number. Use a range such as logins_count:[10 TO *]',
    );
    expect(problems('created_at:2017*')[0]?.message).toContain('created_at:2017-11 is all of November 2017');
    expect(problems('created_at:*')).toEqual([]);
  });

  it('refuses a range without a field', () => {
    expect(problems('[a TO b]')[0]?.message).toBe('A range needs a field, for example last_login:[2017-11 TO 2017-12]');
  });
});

describe('checkQuery: clauses Lucene ignores', () => {
  it('warns about an OR term next to AND, and not when parentheses make the intent clear', () => {
    expect(problems('a AND b OR c')).toMatchObject([{ severity: 'warning', start: 11, end: 12 }]);
    expect(problems('(a AND b) OR c')).toEqual([]);
    expect(problems('a AND (b OR c)')).toEqual([]);
    expect(problems('+a b')).toMatchObject([{ severity: 'warning', start: 3, end: 4 }]);
  });
});

describe('analyzeQuery', () => {
  it('returns the tree and its warnings when Auth0 would run the query', () => {
    const analysis = analyzeQuery('emial:x OR email:y');
    expect(analysis.ok).toBe(true);
    expect(analysis.warnings).toHaveLength(1);
  });

  it('returns a syntax error with its position', () => {
    expect(analyzeQuery('name:(jane')).toEqual({
      ok: false,
      error: { message: "This '(' is never closed: add a ')'", position: 5, end: 6 },
      warnings: [],
    });
  });

  it('returns the first rule error, with warnings found before it', () => {
    const analysis = analyzeQuery('foo:1 OR name:*a OR picture:x');
    expect(analysis).toMatchObject({ ok: false, error: { position: 14, end: 16 } });
    expect(analysis.warnings).toHaveLength(1);
  });
});
