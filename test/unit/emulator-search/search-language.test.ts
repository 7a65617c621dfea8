// The Auth0 v3 search language, row by row, over the hand-written tenant in users.fixture.ts.
// Each row: a query and the users it must find (order-free), or the 400 it must cause.
import { describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { parseQuery } from '../../../common/query/index.ts';
import { compileQuery, compileSearch, QueryError, searchUsers } from '../../../emulator/search/index.ts';
import { FIXTURE_USERS, type FixtureName } from './users.fixture.ts';

const users: User[] = Object.values(FIXTURE_USERS);
const nameOf = new Map<User, FixtureName>(
  Object.entries(FIXTURE_USERS).map(([name, user]) => [user as User, name as FixtureName]),
);
const everyone = Object.keys(FIXTURE_USERS) as FixtureName[];
const except = (...names: FixtureName[]) => everyone.filter((name) => !names.includes(name));

/** Searches through the column index (searchUsers) and user by user (compileQuery); both must agree. */
function find(q: string): FixtureName[] {
  const indexed = searchUsers(users, q).map((user) => nameOf.get(user) as FixtureName);
  const oneByOne = users.filter(compileQuery(parseQuery(q))).map((user) => nameOf.get(user) as FixtureName);
  expect(oneByOne).toEqual(indexed);
  return indexed;
}

type Row = [query: string, expected: FixtureName[]];

const tables: Record<string, Row[]> = {
  'whole-value match': [
    ['user_id:auth0', []],
    [
      'user_id:auth0*',
      [
        'jane',
        'john',
        'blocked',
        'sam',
        'partner',
        'shadow',
        'teresa',
        'goldcase',
        'orders',
        'custom',
        'scores',
        'conan',
      ],
    ],
    ['user_id:"auth0|5f1a00000000000000000001"', ['jane']],
    ['user_id:auth0|5f1a00000000000000000001', ['jane']],
    ['user_id:"samlp|corp-saml|alex@corp.example"', ['alex']],
    ['name:Jane', []],
    ['name:"jane smith"', ['jane']],
    ['name:jane\\ smith', ['jane']],
    ['name:"Conan O\'Brien"', ['conan']],
    ['email:conan+test@example.com', ['conan']],
    ['phone_number:"+14155550100"', ['phone']],
    ['last_ip:10.0.0.1', ['jane']],
  ],
  'case rules per field': [
    ['email:JANE.SMITH@EXAMPLE.COM', ['jane']],
    ['email:maria.garcia@gmail.com', ['maria']],
    ['given_name:maría', ['maria']],
    ["family_name:o\\'brien", ['conan']],
    ['nickname:JOE', ['partner']],
    ['user_id:auth0|casesensitiveid', []],
    ['user_id:auth0|CaseSensitiveId', ['custom']],
    ['username:Partner_joe', []],
    ['username:partner_joe', ['partner']],
    ['app_metadata.plan.tier:gold', ['jane']],
    ['app_metadata.plan.tier:Gold', ['goldcase']],
    ['app_metadata.roles:Admin', ['goldcase']],
    ['app_metadata.department:sales', []],
    ['user_metadata.addresses.city:paris', []],
    // email.domain is not one of the five case-insensitive fields (FACTS.md).
    ['email.domain:Gmail.com', ['maria']],
    ['email.domain:gmail.com', []],
  ],
  'prefixes and wildcards': [
    ['email:j*', ['jane', 'john', 'partner']],
    ['name:jo*', ['john', 'partner']],
    ['email:MARIA*', ['maria']],
    ['name:*usa', ['teresa']],
    ['email:*@example.com', ['jane', 'john', 'blocked', 'goldcase', 'conan']],
    ['email:*GMAIL.COM', ['maria']],
    ['email:ja*om', ['jane']],
    ['app_metadata.department:Sales*', ['alex']],
    ['app_metadata.plan.tier:*', ['jane', 'john', 'goldcase']],
    ['email:*', except('phone')],
    ['*', everyone],
    ['name:"jo*"', []],
    ['name:jo\\*', []],
  ],
  'date ranges, partial dates and open ends': [
    ['last_login:[2017-11 TO 2017-12]', ['jane', 'john', 'maria']],
    ['last_login:[2017-11 TO 2017-12}', ['jane']],
    ['last_login:{2017-11 TO 2017-12]', ['john', 'maria']],
    ['last_login:{2017-11 TO 2017-12}', []],
    ['last_login:[2018 TO *]', ['octocat', 'alex', 'phone', 'blocked', 'sam', 'teresa']],
    ['last_login:[* TO 2017-12-01]', ['jane', 'john']],
    ['last_login:[* TO 2017-12-01}', ['jane']],
    ['last_login:["2017-12-31T23:59:59.999Z" TO *]', ['maria', 'octocat', 'alex', 'phone', 'blocked', 'sam', 'teresa']],
    ['last_login:[2017-12-01T01:00+01:00 TO 2017-12-01T01:00+01:00]', ['john']],
    ['created_at:[2017-11-30 TO 2017-11-30]', ['john']],
    ['created_at:2017', ['jane', 'john']],
    ['created_at:"2018-01-01T00:00:00.000Z"', ['octocat']],
    ['last_password_reset:[2020-02 TO 2020-02]', ['scores']],
  ],
  'number and boolean fields': [
    ['logins_count:[100 TO 200]', ['teresa', 'goldcase', 'orders']],
    ['logins_count:{100 TO 200}', ['orders']],
    ['logins_count:{100 TO *]', ['maria', 'goldcase', 'orders']],
    ['logins_count:[* TO 1]', ['john', 'partner']],
    ['logins_count:0', ['partner']],
    ['email_verified:false', ['john', 'pat', 'shadow']],
    ['blocked:true', ['blocked']],
    ['phone_verified:true', ['phone']],
  ],
  '_exists_, and what is not indexed': [
    ['_exists_:last_login', ['jane', 'john', 'maria', 'octocat', 'alex', 'phone', 'blocked', 'sam', 'teresa']],
    ['NOT _exists_:last_login', ['pat', 'partner', 'shadow', 'goldcase', 'orders', 'custom', 'scores', 'conan']],
    ['_exists_:app_metadata.roles', ['jane', 'maria', 'goldcase']],
    ['_exists_:app_metadata.plan', ['jane', 'john', 'goldcase']],
    ['_exists_:user_metadata', ['jane', 'shadow', 'conan']],
    ['_exists_:app_metadata.notes', []],
    ['_exists_:multifactor', ['sam']],
    ['_exists_:username', ['partner']],
    ['_exists_:email.domain', except('phone')],
    ['app_metadata.roles:*', ['jane', 'maria', 'goldcase']],
  ],
  'email.domain and identities': [
    ['email.domain:example.com', ['jane', 'john', 'blocked', 'goldcase', 'conan']],
    ['email.domain:"corp.example"', ['alex']],
    ['identities.connection:"google-oauth2"', ['maria', 'sam']],
    [
      'identities.connection:Username-Password-Authentication',
      ['jane', 'john', 'blocked', 'sam', 'shadow', 'teresa', 'goldcase', 'orders', 'custom', 'scores', 'conan'],
    ],
    ['identities.provider:samlp', ['alex']],
    ['identities.isSocial:true', ['maria', 'octocat', 'sam']],
    ['identities.user_id:583231', ['octocat']],
  ],
  'metadata paths and arrays': [
    ['user_metadata.addresses.city:"Paris"', ['jane']],
    ['user_metadata.addresses.city:Lyon', ['jane']],
    ['app_metadata.roles:admin', ['jane']],
    ['app_metadata.orders.sku:"B-2"', ['orders']],
    ['app_metadata.orders.qty:5', ['orders']],
    ['app_metadata.tags:y', ['orders']],
    ['app_metadata.flags.beta:true', ['alex']],
    ['app_metadata.active:false', ['scores']],
    ['app_metadata.tenant_id:42', ['jane']],
    ['app_metadata.score:[7 TO 8]', ['scores']],
    ['app_metadata.level:{2 TO *]', ['scores']],
    ['app_metadata.since:[2019 TO 2019]', ['scores']],
    ['app_metadata.plan:gold', []],
    ['user_metadata.note:\\AND', ['conan']],
    ['user_metadata.note:"AND"', ['conan']],
    ['user_metadata.colour:"green apple"', ['conan']],
  ],
  'bare terms search the profile, not metadata': [
    ['"Jane Smith"', ['jane']],
    ['jane', ['jane']],
    ['j*', ['jane', 'john', 'partner']],
    ['partner_joe', ['partner']],
    ['dark', []],
    ['Sales', []],
    ['"\\+14155550100"', ['phone']],
    // A leading + marks a required clause (Lucene), so this searches for 14155550100.
    ['+14155550100', []],
  ],
  'AND, OR, NOT and grouping': [
    ['email_verified:true AND logins_count:[100 TO *]', ['maria', 'teresa', 'goldcase', 'orders']],
    ['identities.connection:github OR identities.connection:corp-saml', ['octocat', 'alex']],
    ['identities.connection:github identities.connection:corp-saml', ['octocat', 'alex']],
    ['email.domain:example.com AND NOT name:"jane smith"', ['john', 'blocked', 'goldcase', 'conan']],
    ['email.domain:example.com -name:"jane smith"', ['john', 'blocked', 'goldcase', 'conan']],
    ['email.domain:example.com NOT blocked:true', ['jane', 'john', 'goldcase', 'conan']],
    ['email.domain:example.com && !blocked:true', ['jane', 'john', 'goldcase', 'conan']],
    ['NOT blocked:true', except('blocked')],
    ['NOT email_verified:true', ['john', 'pat', 'phone', 'shadow']],
    ['-email_verified:true', ['john', 'pat', 'phone', 'shadow']],
    ['NOT (email_verified:true OR phone_verified:true)', ['john', 'pat', 'shadow']],
    ['(email_verified:false OR blocked:true) AND _exists_:last_login', ['john', 'blocked']],
    // Lucene has no precedence: AND makes its neighbours required and the OR term optional.
    ['email_verified:false OR blocked:true AND _exists_:last_login', ['blocked']],
    ['name:(jane* OR joe*)', ['jane', 'partner']],
    ['email:(*@example.com AND NOT j*)', ['blocked', 'goldcase', 'conan']],
    ['+email_verified:true +blocked:true', ['blocked']],
    ['email_verified:true +blocked:true', ['blocked']],
    ['email:jane.smith@example.com || blocked:true', ['jane', 'blocked']],
    // Lower-case `and` is a plain term (a bare term no user has), joined by OR.
    ['email:jane.smith@example.com and blocked:true', ['jane', 'blocked']],
    ['*:*', everyone],
    ['NOT *:*', []],
    ['foo:bar', []],
    ['Email:jane.smith@example.com', []],
  ],
};

describe('Auth0 v3 search language over the fixture tenant', () => {
  for (const [topic, rows] of Object.entries(tables)) {
    describe(topic, () => {
      it.each(rows)('%s', (query, expected) => {
        expect(find(query).sort()).toEqual([...expected].sort());
      });
    });
  }
});

type ErrorRow = [query: string, position: number, message: RegExp];

const refused: ErrorRow[] = [
  // The 3-character rule for leading and inner wildcards.
  ['name:*sa', 0, /at least 3 characters .*\*sa has 2/],
  ['email:j*e', 0, /at least 3 characters/],
  ['*a', 0, /at least 3 characters/],
  // No wildcards or ranges on user_metadata.
  ['user_metadata.theme:d*', 0, /Wildcards are not available on user_metadata/],
  ['user_metadata.theme:*', 0, /_exists_:user_metadata\.theme/],
  ['user_metadata.theme:[a TO z]', 0, /Ranges are not available on user_metadata/],
  ['picture:x', 0, /picture is not searchable/],
  ['_exists_:picture', 9, /picture is not searchable/],
  ['logins_count:abc', 0, /logins_count is a number/],
  ['email_verified:yes', 0, /email_verified is true or false/],
  ['last_login:[2017-13 TO *]', 12, /last_login is a date/],
  ['created_at:2017*', 0, /Wildcards only work on text fields/],
  ['[a TO b]', 0, /A range needs a field/],
  // Syntax.
  ['email:(jane OR joe', 6, /'\(' is never closed/],
  ['email:(jane OR', 12, /OR needs a search term after it/],
  ['email:"jane', 6, /quote is never closed/],
  ['name:jane AND', 10, /AND needs a search term after it/],
  ['AND name:jane', 0, /AND needs a search term before it/],
  [':jane', 0, /needs a field name before it/],
  ['email:', 6, /email: needs a value/],
  ['last_login:[2017 TO', 11, /range is never closed/],
  ['last_login:[2017 2018]', 17, /needs TO/],
  ['name:jane)', 9, /no matching '\('/],
  ['name:j?ne', 6, /no '\?' wildcard/],
  ['created_at:2017-11-02T10:00:00Z', 24, /put a value that contains ':' in quotes/],
  ['name:jane~', 9, /Fuzzy/],
  ['NOT NOT jane', 4, /Two operators in a row/],
  ['name:jane\\', 9, /escapes nothing/],
  ['()', 0, /Empty parentheses/],
  ['a:b:c', 3, /Unexpected ':'/],
];

describe('queries Auth0 refuses with 400 invalid_query_string', () => {
  it.each(refused)('%s', (query, position, message) => {
    let caught: unknown;
    try {
      searchUsers(users, query);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(QueryError);
    const error = caught as QueryError;
    expect(error.message).toMatch(message);
    expect(error.position).toBe(position);
    expect(error.statusCode).toBe(400);
    expect(error.errorCode).toBe('invalid_query_string');
  });
});

describe('organization_id', () => {
  const memberships = new Map<User, string[]>([
    [FIXTURE_USERS.jane, ['org_acme', 'org_beta']],
    [FIXTURE_USERS.alex, ['org_acme']],
  ]);
  const organizationIds = (user: User) => memberships.get(user) ?? [];

  it('matches the memberships the caller supplies', () => {
    const found = searchUsers(users, 'organization_id:org_acme', { organizationIds });
    expect(found.map((user) => nameOf.get(user))).toEqual(['jane', 'alex']);
    expect(searchUsers(users, 'organization_id:org_beta AND _exists_:organization_id', { organizationIds })).toEqual([
      FIXTURE_USERS.jane,
    ]);
  });

  it('matches no one without them', () => {
    expect(searchUsers(users, 'organization_id:org_acme')).toEqual([]);
  });
});

describe('compileSearch', () => {
  it('checks a query once and then tests single users', () => {
    const isBlocked = compileSearch('blocked:true');
    expect(users.filter(isBlocked)).toEqual([FIXTURE_USERS.blocked]);
    expect(() => compileSearch('name:*sa')).toThrow(QueryError);
  });
});
