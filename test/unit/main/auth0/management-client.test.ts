import { afterEach, describe, expect, it } from 'vitest';
import type { AccessToken, TokenSource } from '../../../../main/auth0/access-token.ts';
import { BoundSecret } from '../../../../main/auth0/bound-secret.ts';
import { createGotHttpClient } from '../../../../main/auth0/http-client.ts';
import { ManagementApi } from '../../../../main/auth0/management-api.ts';
import { ManagementClient, rateLimitBucketOf } from '../../../../main/auth0/management-client.ts';
import { toErrorInfo } from '../../../../main/errors.ts';
import { captureLogger, FakeClock, fixedRandom } from '../fakes.ts';
import { sendJson, startLocalServer, type Route } from './local-server.ts';

const AUDIENCE = 'https://acme.auth0.com/api/v2/';

class CountingTokens implements TokenSource {
  issued = 0;
  readonly invalidated: string[] = [];
  origin = '';
  async getToken(): Promise<AccessToken> {
    this.issued += 1;
    const secret = new BoundSecret(`token-${this.issued}`, { origin: this.origin, audience: AUDIENCE });
    return { secret, expiresAt: Number.MAX_SAFE_INTEGER, scopes: ['read:users'] };
  }
  invalidate(token: AccessToken): void {
    this.invalidated.push(token.secret.revealFor(token.secret.origin, token.secret.audience));
  }
  dispose(): void {}
}

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function setup(route: Route, options: { timeoutMs?: number } = {}) {
  const server = await startLocalServer(route);
  stop = server.stop;
  const clock = new FakeClock();
  const tokens = new CountingTokens();
  tokens.origin = server.url;
  const { log, lines } = captureLogger();
  const send = {
    http: createGotHttpClient(),
    clock,
    random: fixedRandom(),
    policy: { maxRateLimitRetries: 10, maxFailureRetries: 2, backoffBaseMs: 1000 },
    log,
    host: 'acme.auth0.com',
    // The local server stands for a tenant on this machine.
    reach: 'local' as const,
  };
  const client = new ManagementClient({
    send,
    baseUrl: server.url,
    audience: AUDIENCE,
    tokens,
    timeoutMs: options.timeoutMs ?? 5000,
  });
  return { server, clock, tokens, lines, client, api: new ManagementApi(client) };
}

const user = { user_id: 'auth0|abc', email: 'a@example.com' };

describe('ManagementClient', () => {
  it('sends the bearer token and URL-encodes ids so that nothing in one reaches another path', async () => {
    const { server, api } = await setup((_request, response) => sendJson(response, 200, user));
    await api.getUser('auth0|abc/../../x?y#z', {});
    expect(server.seen[0]?.url).toBe('/api/v2/users/auth0%7Cabc%2F..%2F..%2Fx%3Fy%23z');
    expect(server.seen[0]?.headers.authorization).toBe('Bearer token-1');
  });

  it('normalizes an error answer to { status, code, auth0ErrorCode, message }', async () => {
    const { api } = await setup((_request, response) =>
      sendJson(response, 404, {
        statusCode: 404,
        error: 'Not Found',
        message: 'The user does not exist.',
        errorCode: 'inexistent_user',
      }),
    );
    const error = await api.getUser('auth0|missing', {}).catch((caught: unknown) => caught);
    expect(toErrorInfo(error)).toEqual({
      code: 'not_found',
      status: 404,
      auth0ErrorCode: 'inexistent_user',
      message: 'The user does not exist.',
    });
  });

  it('names the missing scope when the answer is 403 insufficient_scope', async () => {
    const message = 'Insufficient scope, expected any of: delete:users,delete:current_user';
    const { api } = await setup((_request, response) =>
      sendJson(response, 403, { statusCode: 403, error: 'Forbidden', message, errorCode: 'insufficient_scope' }),
    );
    await expect(api.deleteUser('auth0|abc')).rejects.toMatchObject({
      code: 'insufficient_scope',
      message: expect.stringContaining('delete:users'),
    });
  });

  it('waits for Retry-After after a 429 and then completes', async () => {
    const { server, clock, api } = await setup((_request, response, index) =>
      index < 2
        ? sendJson(
            response,
            429,
            { statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached' },
            { 'retry-after': '2' },
          )
        : sendJson(response, 200, user),
    );
    await expect(api.getUser('auth0|abc', {})).resolves.toEqual(user);
    expect(server.seen).toHaveLength(3);
    expect(clock.sleeps).toEqual([2000, 2000]);
  });

  it('without Retry-After waits for x-ratelimit-reset, capped at 60 s', async () => {
    const { clock, api } = await setup((_request, response, index) => {
      const reset = String(Math.floor(clock.now() / 1000) + (index === 0 ? 5 : 3600));
      if (index < 2)
        sendJson(
          response,
          429,
          { statusCode: 429, message: 'limit' },
          { 'x-ratelimit-reset': reset, 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0' },
        );
      else sendJson(response, 200, user);
    });
    await api.getUser('auth0|abc', {});
    // The pacer also waits for the announced reset before each retry goes out.
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(4000);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(5000);
    expect(clock.sleeps).toContain(60_000);
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(60_000 + 500);
  });

  it('answers rate_limited with retryAfterMs once the 429s outlast the retries', async () => {
    const { server, api } = await setup((_request, response) =>
      sendJson(
        response,
        429,
        {
          statusCode: 429,
          error: 'Too Many Requests',
          message: 'Global limit has been reached',
          errorCode: 'too_many_requests',
        },
        { 'retry-after': '1' },
      ),
    );
    const error = await api.getUser('auth0|abc', {}).catch((caught: unknown) => caught);
    expect(toErrorInfo(error)).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 1000 });
    expect(server.seen).toHaveLength(11);
  });

  it('never retries a POST after a 500', async () => {
    const { server, api } = await setup((_request, response) =>
      sendJson(response, 500, { statusCode: 500, error: 'Internal Server Error', message: 'Boom' }),
    );
    await expect(
      api.createUser({ connection: 'Username-Password-Authentication', email: 'a@b.c', password: 'Pw-123456!' }),
    ).rejects.toMatchObject({
      code: 'api_error',
      status: 500,
    });
    expect(server.seen).toHaveLength(1);
  });

  it('retries a GET after 503 twice with back-off, then reports the failure', async () => {
    const { server, clock, api } = await setup((_request, response) =>
      sendJson(response, 503, {
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The query exceeded the timeout.',
      }),
    );
    await expect(api.listUsers({ q: 'email:"a@b.c"' })).rejects.toMatchObject({ code: 'api_error', status: 503 });
    expect(server.seen).toHaveLength(3);
    expect(clock.sleeps).toEqual([500, 1000]);
  });

  it('retries a DELETE after a dropped connection, but not a PATCH', async () => {
    const drop: Route = (request, response, index) =>
      index === 0 ? request.socket.destroy() : sendJson(response, 204);
    const deleting = await setup(drop);
    await expect(deleting.api.deleteUser('auth0|abc')).resolves.toBeUndefined();
    expect(deleting.server.seen).toHaveLength(2);
    await deleting.server.stop();

    const patching = await setup(drop);
    await expect(patching.api.updateUser('auth0|abc', { name: 'A' })).rejects.toMatchObject({ code: 'network' });
    expect(patching.server.seen).toHaveLength(1);
  });

  it('fails at once when the host refuses the connection: a dead host is not retried (issue 18)', async () => {
    const { server, clock, api } = await setup((_request, response) => sendJson(response, 200, user));
    await server.stop();
    await expect(api.getUser('auth0|abc', {})).rejects.toMatchObject({ code: 'network' });
    expect(clock.sleeps).toEqual([]);
  });

  it('after a 401 fetches one new token and tries once more', async () => {
    const { server, tokens, api } = await setup((request, response) =>
      request.headers.authorization === 'Bearer token-1'
        ? sendJson(response, 401, { statusCode: 401, error: 'Unauthorized', message: 'Invalid token' })
        : sendJson(response, 200, user),
    );
    await expect(api.getUser('auth0|abc', {})).resolves.toEqual(user);
    expect(tokens.invalidated).toEqual(['token-1']);
    expect(server.seen.map((seen) => seen.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('gives up after the second 401 with invalid_credentials', async () => {
    const { server, api } = await setup((_request, response) =>
      sendJson(response, 401, { statusCode: 401, error: 'Unauthorized', message: 'Invalid token' }),
    );
    await expect(api.getUser('auth0|abc', {})).rejects.toMatchObject({ code: 'invalid_credentials', status: 401 });
    expect(server.seen).toHaveLength(2);
  });

  it('stops the request when the call is cancelled', async () => {
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const { server, api } = await setup(() => arrived());
    const controller = new AbortController();
    const call = api.listUsers({}, controller.signal);
    await arrival;
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'cancelled' });
    await expect.poll(() => server.closed.length).toBe(1);
    expect(server.seen).toHaveLength(1);
  });

  it('reports a request that gets no answer in time as timeout', async () => {
    const { api } = await setup(() => undefined, { timeoutMs: 200 });
    await expect(api.createUser({ connection: 'db', email: 'a@b.c', password: 'x' })).rejects.toMatchObject({
      code: 'timeout',
    });
  });

  it('logs requests without the Authorization header or the token', async () => {
    const { lines, api } = await setup((_request, response, index) =>
      index === 0 ? sendJson(response, 429, {}, { 'retry-after': '1' }) : sendJson(response, 200, user),
    );
    await api.getUser('auth0|abc', {});
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toMatch(/token-1|authorization|Bearer/i);
  });

  it('strips IdP tokens from identities before they leave main', async () => {
    const withTokens = {
      ...user,
      identities: [
        {
          connection: 'google-oauth2',
          user_id: '1',
          provider: 'google-oauth2',
          isSocial: true,
          access_token: 'ya29.secret',
          refresh_token: '1//secret',
        },
      ],
    };
    const { api } = await setup((_request, response) => sendJson(response, 200, withTokens));
    const fetched = await api.getUser('google-oauth2|1', {});
    expect(fetched.identities).toEqual([
      { connection: 'google-oauth2', user_id: '1', provider: 'google-oauth2', isSocial: true },
    ]);
  });

  it('paces each rate-limit class on its own: reads, writes and deletes of users, everything else', () => {
    expect(rateLimitBucketOf('GET', '/users/auth0%7C1/roles')).toBe('read users');
    expect(rateLimitBucketOf('PATCH', '/users/auth0%7C1')).toBe('write users');
    expect(rateLimitBucketOf('DELETE', '/users/auth0%7C1')).toBe('delete users');
    expect(rateLimitBucketOf('DELETE', '/users/auth0%7C1/roles')).toBe('write users');
    expect(rateLimitBucketOf('POST', '/jobs/verification-email')).toBe('write jobs');
  });
});
