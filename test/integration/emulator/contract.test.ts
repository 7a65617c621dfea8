// Every route's responses against the OAS subset (ajv) and FACTS.md's error bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import type { EmulatorHandle } from '../../../emulator/index.ts';
import { encodeId, fetchToken, managementApi, startTestEmulator, waitForJob, type ApiResponse } from './helpers.ts';
import { contractProblems, managementErrorProblems } from './oas-contract.ts';

interface Fixtures {
  database: User;
  linked: User;
  google: User;
  roleId: string;
  databaseConnectionId: string;
  importJobId: string;
  exportJobId: string;
}

interface Case {
  name: string;
  method: string;
  template: string;
  path: (fixtures: Fixtures) => string;
  body?: (fixtures: Fixtures) => unknown;
  status: number;
  errorCode?: string;
  message?: string | RegExp;
  readOnly?: boolean;
  token?: 'none' | 'garbage';
}

let emulator: EmulatorHandle;
let api: ReturnType<typeof managementApi>;
let readOnlyApi: ReturnType<typeof managementApi>;
let fixtures: Fixtures;
const covered = new Set<string>();

async function firstUser(q: string): Promise<User> {
  const { body } = await api('GET', `/users?per_page=1&q=${encodeURIComponent(q)}`);
  const [user] = body as User[];
  if (!user) throw new Error(`no user for ${q}`);
  return user;
}

beforeAll(async () => {
  emulator = await startTestEmulator({ users: 400, seed: 3 });
  api = managementApi(emulator, await fetchToken(emulator));
  readOnlyApi = managementApi(emulator, await fetchToken(emulator, 'readOnly'));
  const connections = (await api('GET', '/connections?strategy=auth0')).body as { id: string }[];
  const roles = (await api('GET', '/roles')).body as { id: string }[];
  const all = (await api('GET', '/users?per_page=100&q=identities.connection%3A%22Username-Password-Authentication%22'))
    .body as User[];
  const linked = all.find((user) => (user.identities?.length ?? 0) > 1);
  if (!linked) throw new Error('seed 3 has no linked account in the first 100 database users');
  const form = new FormData();
  form.set(
    'users',
    new Blob([JSON.stringify([{ email: 'imported@example.com' }, { email: 'not-an-email' }])]),
    'users.json',
  );
  form.set('connection_id', connections[0]?.id as string);
  const imported = await fetch(`${emulator.url}/api/v2/jobs/users-imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await fetchToken(emulator)}` },
    body: form,
  });
  const importBody = (await imported.json()) as { id: string };
  expect(contractProblems('POST', '/jobs/users-imports', imported.status, importBody)).toEqual([]);
  expect(imported.status).toBe(202);
  covered.add('POST /jobs/users-imports');
  await waitForJob(api, importBody.id);
  const exported = await api('POST', '/jobs/users-exports', { format: 'json', limit: 5 });
  fixtures = {
    database: all.find((user) => user !== linked) as User,
    linked,
    google: await firstUser('identities.connection:"google-oauth2"'),
    roleId: roles[0]?.id as string,
    databaseConnectionId: connections[0]?.id as string,
    importJobId: importBody.id,
    exportJobId: (exported.body as { id: string }).id,
  };
});
afterAll(() => emulator.stop());

const DB = 'Username-Password-Authentication';
const demoPermission = [
  { permission_name: 'read:reports', resource_server_identifier: 'https://api.demo.roster.local/' },
];
const id = (user: User) => encodeId(user.user_id);

const successes: Case[] = [
  { name: 'list users', method: 'GET', template: '/users', path: () => '/users?per_page=5', status: 200 },
  {
    name: 'list users with totals',
    method: 'GET',
    template: '/users',
    path: () => '/users?per_page=5&page=2&include_totals=true',
    status: 200,
  },
  {
    name: 'search users',
    method: 'GET',
    template: '/users',
    path: () => `/users?q=${encodeURIComponent('email_verified:false')}&sort=created_at:-1&fields=user_id,email`,
    status: 200,
  },
  { name: 'get a user', method: 'GET', template: '/users/{id}', path: (f) => `/users/${id(f.database)}`, status: 200 },
  {
    name: 'create a database user',
    method: 'POST',
    template: '/users',
    path: () => '/users',
    body: () => ({
      connection: DB,
      email: 'contract@example.com',
      password: 'Str0ng-Passw0rd',
      app_metadata: { plan: 'pro' },
    }),
    status: 201,
  },
  {
    name: 'create a username user',
    method: 'POST',
    template: '/users',
    path: () => '/users',
    body: () => ({
      connection: 'partners-db',
      email: 'partner@example.com',
      username: 'partner1',
      password: 'Str0ngPassw0rd',
    }),
    status: 201,
  },
  {
    name: 'create an email passwordless user',
    method: 'POST',
    template: '/users',
    path: () => '/users',
    body: () => ({ connection: 'email', email: 'otp@example.com' }),
    status: 201,
  },
  {
    name: 'create an SMS user',
    method: 'POST',
    template: '/users',
    path: () => '/users',
    body: () => ({ connection: 'sms', phone_number: '+15555550100' }),
    status: 201,
  },
  {
    name: 'update a user',
    method: 'PATCH',
    template: '/users/{id}',
    path: (f) => `/users/${id(f.database)}`,
    body: () => ({ user_metadata: { theme: 'dark' }, blocked: true }),
    status: 200,
  },
  {
    name: 'users by email',
    method: 'GET',
    template: '/users-by-email',
    path: (f) => `/users-by-email?email=${encodeURIComponent(f.database.email as string)}`,
    status: 200,
  },
  {
    name: 'blocks by identifier',
    method: 'GET',
    template: '/user-blocks',
    path: (f) => `/user-blocks?identifier=${encodeURIComponent(f.database.email as string)}`,
    status: 200,
  },
  {
    name: 'unblock by identifier',
    method: 'DELETE',
    template: '/user-blocks',
    path: (f) => `/user-blocks?identifier=${encodeURIComponent(f.database.email as string)}`,
    status: 204,
  },
  {
    name: 'blocks of a user',
    method: 'GET',
    template: '/user-blocks/{id}',
    path: (f) => `/user-blocks/${id(f.database)}`,
    status: 200,
  },
  {
    name: 'unblock a user',
    method: 'DELETE',
    template: '/user-blocks/{id}',
    path: (f) => `/user-blocks/${id(f.database)}`,
    status: 204,
  },
  {
    name: 'assign roles',
    method: 'POST',
    template: '/users/{id}/roles',
    path: (f) => `/users/${id(f.database)}/roles`,
    body: (f) => ({ roles: [f.roleId] }),
    status: 204,
  },
  {
    name: 'list user roles',
    method: 'GET',
    template: '/users/{id}/roles',
    path: (f) => `/users/${id(f.database)}/roles`,
    status: 200,
  },
  {
    name: 'list user roles with totals',
    method: 'GET',
    template: '/users/{id}/roles',
    path: (f) => `/users/${id(f.database)}/roles?include_totals=true`,
    status: 200,
  },
  {
    name: 'remove roles',
    method: 'DELETE',
    template: '/users/{id}/roles',
    path: (f) => `/users/${id(f.database)}/roles`,
    body: (f) => ({ roles: [f.roleId] }),
    status: 204,
  },
  {
    name: 'add permissions',
    method: 'POST',
    template: '/users/{id}/permissions',
    path: (f) => `/users/${id(f.database)}/permissions`,
    body: () => ({ permissions: demoPermission }),
    status: 201,
  },
  {
    name: 'list permissions',
    method: 'GET',
    template: '/users/{id}/permissions',
    path: (f) => `/users/${id(f.database)}/permissions`,
    status: 200,
  },
  {
    name: 'list permissions with totals',
    method: 'GET',
    template: '/users/{id}/permissions',
    path: (f) => `/users/${id(f.database)}/permissions?include_totals=true&per_page=1`,
    status: 200,
  },
  {
    name: 'remove permissions',
    method: 'DELETE',
    template: '/users/{id}/permissions',
    path: (f) => `/users/${id(f.database)}/permissions`,
    body: () => ({ permissions: demoPermission }),
    status: 204,
  },
  {
    name: 'user logs',
    method: 'GET',
    template: '/users/{id}/logs',
    path: (f) => `/users/${id(f.database)}/logs?per_page=10&sort=date:1`,
    status: 200,
  },
  {
    name: 'user logs with totals',
    method: 'GET',
    template: '/users/{id}/logs',
    path: (f) => `/users/${id(f.database)}/logs?include_totals=true`,
    status: 200,
  },
  {
    name: 'enrollments',
    method: 'GET',
    template: '/users/{id}/enrollments',
    path: (f) => `/users/${id(f.database)}/enrollments`,
    status: 200,
  },
  {
    name: 'organizations',
    method: 'GET',
    template: '/users/{id}/organizations',
    path: (f) => `/users/${id(f.database)}/organizations?include_totals=true`,
    status: 200,
  },
  {
    name: 'unlink an identity',
    method: 'DELETE',
    template: '/users/{id}/identities/{provider}/{user_id}',
    path: (f) =>
      `/users/${id(f.linked)}/identities/${f.linked.identities?.[1]?.provider}/${f.linked.identities?.[1]?.user_id}`,
    status: 200,
  },
  {
    name: 'link it again',
    method: 'POST',
    template: '/users/{id}/identities',
    path: (f) => `/users/${id(f.linked)}/identities`,
    body: (f) => ({ provider: f.linked.identities?.[1]?.provider, user_id: f.linked.identities?.[1]?.user_id }),
    status: 201,
  },
  { name: 'list roles', method: 'GET', template: '/roles', path: () => '/roles', status: 200 },
  {
    name: 'list roles with totals',
    method: 'GET',
    template: '/roles',
    path: () => '/roles?include_totals=true&name_filter=admin',
    status: 200,
  },
  { name: 'get a role', method: 'GET', template: '/roles/{id}', path: (f) => `/roles/${f.roleId}`, status: 200 },
  {
    name: 'create a role',
    method: 'POST',
    template: '/roles',
    path: () => '/roles',
    body: () => ({ name: 'Contract Tester', description: 'made by a test' }),
    status: 200,
  },
  { name: 'list connections', method: 'GET', template: '/connections', path: () => '/connections', status: 200 },
  {
    name: 'list connections with totals',
    method: 'GET',
    template: '/connections',
    path: () => '/connections?include_totals=true',
    status: 200,
  },
  {
    name: 'get a connection',
    method: 'GET',
    template: '/connections/{id}',
    path: (f) => `/connections/${f.databaseConnectionId}`,
    status: 200,
  },
  {
    name: 'export users',
    method: 'POST',
    template: '/jobs/users-exports',
    path: () => '/jobs/users-exports',
    body: (f) => ({ connection_id: f.databaseConnectionId, format: 'csv', fields: [{ name: 'email' }] }),
    status: 200,
  },
  { name: 'get a job', method: 'GET', template: '/jobs/{id}', path: (f) => `/jobs/${f.exportJobId}`, status: 200 },
  {
    name: 'import job errors',
    method: 'GET',
    template: '/jobs/{id}/errors',
    path: (f) => `/jobs/${f.importJobId}/errors`,
    status: 200,
  },
  {
    name: 'export job has no errors',
    method: 'GET',
    template: '/jobs/{id}/errors',
    path: (f) => `/jobs/${f.exportJobId}/errors`,
    status: 204,
  },
  {
    name: 'verification email',
    method: 'POST',
    template: '/jobs/verification-email',
    path: () => '/jobs/verification-email',
    body: (f) => ({ user_id: f.database.user_id }),
    status: 201,
  },
  {
    name: 'password-change ticket',
    method: 'POST',
    template: '/tickets/password-change',
    path: () => '/tickets/password-change',
    body: (f) => ({ user_id: f.database.user_id, ttl_sec: 3600 }),
    status: 201,
  },
  {
    name: 'delete a user',
    method: 'DELETE',
    template: '/users/{id}',
    path: (f) => `/users/${id(f.database)}`,
    status: 204,
  },
  {
    name: 'delete it again',
    method: 'DELETE',
    template: '/users/{id}',
    path: (f) => `/users/${id(f.database)}`,
    status: 204,
  },
];

const failures: Case[] = [
  {
    name: 'no token',
    method: 'GET',
    template: '/users',
    path: () => '/users',
    status: 401,
    token: 'none',
    message: 'Missing authentication',
  },
  {
    name: 'a token that is not a JWT',
    method: 'GET',
    template: '/users',
    path: () => '/users',
    status: 401,
    token: 'garbage',
    message: 'Invalid token',
  },
  {
    name: 'a read-only token deleting',
    method: 'DELETE',
    template: '/users/{id}',
    path: (f) => `/users/${id(f.google)}`,
    status: 403,
    readOnly: true,
    errorCode: 'insufficient_scope',
    message: 'Insufficient scope, expected any of: delete:users,delete:current_user',
  },
  {
    name: 'an unknown user',
    method: 'GET',
    template: '/users/{id}',
    path: () => '/users/auth0%7C000000000000000000000000',
    status: 404,
    errorCode: 'inexistent_user',
    message: 'The user does not exist.',
  },
  {
    name: 'a duplicate user',
    method: 'POST',
    template: '/users',
    path: () => '/users',
    body: () => ({ connection: DB, email: 'contract@example.com', password: 'Str0ng-Passw0rd' }),
    status: 409,
    errorCode: 'auth0_idp_error',
    message: 'The user already exists.',
  },
  {
    name: 'an unknown property',
    method: 'POST',
    template: '/users',
    path: () => '/users',
    body: () => ({ connection: DB, email: 'x@example.com', password: 'Str0ng-Passw0rd', foo: 1 }),
    status: 400,
    errorCode: 'invalid_body',
    message: /^Payload validation error: 'Additional properties not allowed: foo'/,
  },
  {
    name: 'a weak password',
    method: 'POST',
    template: '/users',
    path: () => '/users',
    body: () => ({ connection: DB, email: 'weak@example.com', password: 'abc' }),
    status: 400,
    message: 'PasswordStrengthError: Password is too weak',
  },
  {
    name: 'a social connection on create',
    method: 'POST',
    template: '/users',
    path: () => '/users',
    body: () => ({ connection: 'github', email: 'gh@example.com' }),
    status: 400,
    errorCode: 'operation_not_supported',
  },
  {
    name: 'a username the connection does not want',
    method: 'POST',
    template: '/users',
    path: () => '/users',
    body: () => ({ connection: DB, email: 'u@example.com', username: 'someone', password: 'Str0ng-Passw0rd' }),
    status: 400,
    message: 'Cannot set username for connection without requires_username',
  },
  {
    name: 'a per_page over 100',
    method: 'GET',
    template: '/users',
    path: () => '/users?per_page=1000',
    status: 400,
    errorCode: 'invalid_query_string',
    message:
      "Query validation error: 'Value 1000 is greater than maximum 100' on property per_page (Number of results per page).",
  },
  {
    name: 'a page past record 1000',
    method: 'GET',
    template: '/users',
    path: () => '/users?page=10&per_page=100',
    status: 400,
    errorCode: 'invalid_paging',
    message: /^You can only page through the first 1000 records/,
  },
  {
    name: 'a broken query',
    method: 'GET',
    template: '/users',
    path: () => `/users?q=${encodeURIComponent('email:(')}`,
    status: 400,
    errorCode: 'invalid_query_string',
  },
  {
    name: 'password and email together',
    method: 'PATCH',
    template: '/users/{id}',
    path: (f) => `/users/${id(f.linked)}`,
    body: () => ({ password: 'Str0ng-Passw0rd', email: 'new@example.com' }),
    status: 400,
    message: 'Cannot update password and email simultaneously',
  },
  {
    name: 'a read-only property',
    method: 'PATCH',
    template: '/users/{id}',
    path: (f) => `/users/${id(f.linked)}`,
    body: () => ({ logins_count: 3 }),
    status: 400,
    message: /^Payload validation error: 'Additional properties not allowed: logins_count'/,
  },
  {
    name: 'profile attributes of a synced social user',
    method: 'PATCH',
    template: '/users/{id}',
    path: (f) => `/users/${id(f.google)}`,
    body: () => ({ picture: 'https://example.com/me.png', given_name: 'A', family_name: 'B' }),
    status: 400,
    errorCode: 'operation_not_supported',
    message:
      /^The following user attributes cannot be updated: family_name, given_name, picture\. The connection \(google-oauth2\) must either be a database connection/,
  },
  {
    name: 'an unknown job',
    method: 'GET',
    template: '/jobs/{id}',
    path: () => '/jobs/job_0000000000000000',
    status: 404,
  },
  {
    name: 'a bad connection_id on export',
    method: 'POST',
    template: '/jobs/users-exports',
    path: () => '/jobs/users-exports',
    body: () => ({ connection_id: 'nope' }),
    status: 400,
    errorCode: 'invalid_body',
    message:
      "Payload validation error: 'String does not match pattern ^con_[A-Za-z0-9]{16}$' on property connection_id (connection_id of the connection from which users will be exported).",
  },
  {
    name: 'a ticket for an unknown user',
    method: 'POST',
    template: '/tickets/password-change',
    path: () => '/tickets/password-change',
    body: () => ({ user_id: 'auth0|nobody' }),
    status: 404,
    errorCode: 'inexistent_user',
  },
];

async function run(testCase: Case): Promise<ApiResponse> {
  const call =
    testCase.token === 'none'
      ? managementApi(emulator, '')
      : testCase.token === 'garbage'
        ? managementApi(emulator, 'not-a-jwt')
        : testCase.readOnly
          ? readOnlyApi
          : api;
  const headers: Record<string, string> = testCase.token === 'none' ? { authorization: '' } : {};
  return call(testCase.method, testCase.path(fixtures), testCase.body?.(fixtures), headers);
}

describe('emulator responses follow the OAS and FACTS.md', () => {
  it.each(successes)('$name', async (testCase) => {
    const response = await run(testCase);
    expect(response.status, response.text).toBe(testCase.status);
    expect(contractProblems(testCase.method, testCase.template, response.status, response.body)).toEqual([]);
    expect(response.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
    covered.add(`${testCase.method} ${testCase.template}`);
  });

  it.each(failures)('$name', async (testCase) => {
    const response = await run(testCase);
    expect(response.status, response.text).toBe(testCase.status);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(contractProblems(testCase.method, testCase.template, response.status, response.body)).toEqual([]);
    expect(managementErrorProblems(testCase.status, response.body)).toEqual([]);
    const body = response.body as { errorCode?: string; message: string };
    if (testCase.errorCode) expect(body.errorCode).toBe(testCase.errorCode);
    if (typeof testCase.message === 'string') expect(body.message).toBe(testCase.message);
    else if (testCase.message) expect(body.message).toMatch(testCase.message);
  });

  it('answers 503 with the documented message when a search runs over the time limit', async () => {
    emulator.setFaults({ searchTimeLimitMs: 0 });
    try {
      const response = await api('GET', `/users?q=${encodeURIComponent('email:*')}`);
      expect(response.status).toBe(503);
      expect(contractProblems('GET', '/users', 503, response.body)).toEqual([]);
      expect(managementErrorProblems(503, response.body)).toEqual([]);
      expect((response.body as { message: string }).message).toMatch(
        /^The query exceeded the timeout\. Please try refining your search criteria\./,
      );
    } finally {
      emulator.setFaults({});
    }
  });

  it('answers 414 with the Management error body for an over-long URL', async () => {
    const response = await api('GET', `/users?q=${'a'.repeat(9000)}`);
    expect(response.status).toBe(414);
    expect(managementErrorProblems(414, response.body)).toEqual([]);
  });

  it('covered every emulated Management operation with a validated success', () => {
    const expected = [
      ...new Set(successes.map((testCase) => `${testCase.method} ${testCase.template}`)),
      'POST /jobs/users-imports',
    ];
    expect([...covered].sort()).toEqual(expected.sort());
    expect(covered.size).toBe(32);
  });
});
