import { describe, expect, it } from 'vitest';
import { formatQuery, parseQuery } from '../../../common/query/index.ts';

describe('formatQuery', () => {
  it.each([
    ['email:jane*', 'email:jane*'],
    ['  name:"Jane  Smith"   AND  NOT  blocked:true ', 'name:"Jane  Smith" AND NOT blocked:true'],
    ['a && b || !c', 'a AND b OR NOT c'],
    ['-a +b', '-a +b'],
    ['name:jane\\ smith', 'name:jane\\ smith'],
    ['email:(a OR b)', 'email:(a OR b)'],
    ['last_login:[2017-11 TO *}', 'last_login:[2017-11 TO *}'],
    ['created_at:{"2017" TO 2018-01-01T00:00:00Z]', 'created_at:{"2017" TO 2018-01-01T00:00:00Z]'],
    ['_exists_:app_metadata.plan', '_exists_:app_metadata.plan'],
    ['*:*', '*:*'],
    ['\\AND \\-x \\*', '\\AND \\-x \\*'],
    ['name:"say \\"hi\\""', 'name:"say \\"hi\\""'],
    ['x:[\\TO TO \\*]', 'x:[\\TO TO \\*]'],
  ])('%s -> %s', (text, formatted) => {
    expect(formatQuery(parseQuery(text))).toBe(formatted);
  });
});
