// Rate limits (token buckets per tier, x-ratelimit-* on every response) and injected faults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_SECRET_HEADER, type EmulatorHandle } from '../../../emulator/index.ts';
import { fetchToken, managementApi, startTestEmulator } from './helpers.ts';

let emulator: EmulatorHandle;
let api: ReturnType<typeof managementApi>;

beforeAll(async () => {
  emulator = await startTestEmulator({ users: 30, tier: 'essentials' });
  api = managementApi(emulator, await fetchToken(emulator));
});
afterAll(() => emulator.stop());

describe('rate limits', () => {
  it('puts the x-ratelimit headers on every Management response, errors included', async () => {
    for (const response of [
      await api('GET', '/users?per_page=1'),
      await api('GET', '/users/nobody'),
      await managementApi(emulator, 'x')('GET', '/roles'),
    ]) {
      expect(Number(response.headers.get('x-ratelimit-limit'))).toBeGreaterThan(0);
      expect(response.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
      expect(Number(response.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    }
  });

  it('drains the essentials read-users bucket (burst 40) into 429 with Auth0 body', async () => {
    emulator.setTier('essentials');
    // 100 at once: far more than the burst plus what refills (500/min) while they are answered.
    const responses = await Promise.all(Array.from({ length: 100 }, () => api('GET', '/users?per_page=1')));
    const limited = responses.filter((response) => response.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(20);
    expect(limited[0]?.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Global limit has been reached',
      errorCode: 'too_many_requests',
    });
    expect(limited[0]?.headers.get('x-ratelimit-limit')).toBe('40');
    expect(limited[0]?.headers.get('x-ratelimit-remaining')).toBe('0');
    // Other endpoint classes keep their own bucket on Essentials.
    expect((await api('GET', '/roles')).status).toBe(200);
  });

  it('limits the free tier to a burst of 2 across every endpoint', async () => {
    emulator.setTier('free');
    const statuses = (
      await Promise.all([api('GET', '/roles'), api('GET', '/connections'), api('GET', '/users?per_page=1')])
    ).map((response) => response.status);
    expect(statuses.filter((status) => status === 429)).toHaveLength(1);
    emulator.setTier('unlimited');
  });
});

describe('faults', () => {
  it('answers 500/503 at the error rate and for the next N requests', async () => {
    emulator.setFaults({ errorRate: 1, errorStatus: 500 });
    const failing = await api('GET', '/users?per_page=1');
    expect(failing.status).toBe(500);
    expect(failing.body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error' });
    emulator.setFaults({ failNext: 2 });
    const statuses = [];
    for (let index = 0; index < 3; index += 1) statuses.push((await api('GET', '/roles')).status);
    expect(statuses).toEqual([503, 503, 200]);
    emulator.setFaults({});
  });

  it('resets connections and limits faults to a path prefix', async () => {
    emulator.setFaults({ resetRate: 1, pathPrefix: '/api/v2/users' });
    await expect(api('GET', '/users?per_page=1')).rejects.toThrow();
    expect((await api('GET', '/roles')).status).toBe(200);
    emulator.setFaults({});
  });

  it('adds latency', async () => {
    emulator.setFaults({ latencyMs: 150 });
    const started = performance.now();
    await api('GET', '/roles');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    emulator.setFaults({});
  });

  it('takes faults from the control endpoint only with the instance secret', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${emulator.url}/__emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ failNext: 1 }),
      });
    expect((await post({})).status).toBe(403);
    expect((await post({ [CONTROL_SECRET_HEADER]: 'wrong' })).status).toBe(403);
    const accepted = await post({ [CONTROL_SECRET_HEADER]: emulator.controlSecret });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ failNext: 1 });
    expect((await api('GET', '/roles')).status).toBe(503);
    const refused = await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CONTROL_SECRET_HEADER]: emulator.controlSecret },
      body: JSON.stringify({ errorRate: 7 }),
    });
    expect(refused.status).toBe(400);
  });
});

describe('control endpoints', () => {
  const control = (path: string, body?: unknown) =>
    fetch(`${emulator.url}/__emulator/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', [CONTROL_SECRET_HEADER]: emulator.controlSecret },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('switches the tier', async () => {
    expect((await control('tier', { tier: 'enterprise' })).status).toBe(200);
    expect((await api('GET', '/roles')).headers.get('x-ratelimit-limit')).toBe('50');
    expect((await control('tier', { tier: 'gold' })).status).toBe(400);
    await control('tier', { tier: 'unlimited' });
  });

  it('mints user tokens and describes the instance', async () => {
    const [user] = (await api('GET', '/users?per_page=1')).body as { user_id: string }[];
    const minted = (await (await control('user-tokens', { user_id: user?.user_id })).json()) as Record<string, string>;
    expect(minted.user_id).toBe(user?.user_id);
    expect(minted.id_token?.split('.')).toHaveLength(3);
    expect((await control('user-tokens', { user_id: 'auth0|nobody' })).status).toBe(404);
    expect(await (await control('info')).json()).toMatchObject({
      url: emulator.url,
      domain: emulator.domain,
      users: 30,
    });
  });
});
