// Fakes for the interfaces main's services take (STYLE 6): time, keychain, network, logs.
import { throwIfCancelled } from '../../../main/auth0/cancellation.ts';
import type { Clock } from '../../../main/auth0/clock.ts';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../main/auth0/http-client.ts';
import { createLogger, type Logger } from '../../../main/log.ts';
import type { Keychain } from '../../../main/tenants/keychain.ts';

/** Time that moves only when something sleeps: waits are recorded, not spent. */
export class FakeClock implements Clock {
  time: number;
  readonly sleeps: number[] = [];

  constructor(start = Date.parse('2025-01-01T00:00:00Z')) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    throwIfCancelled(signal);
    this.sleeps.push(ms);
    this.time += ms;
    await Promise.resolve();
    throwIfCancelled(signal);
  }
}

export class FakeKeychain implements Keychain {
  readonly entries = new Map<string, string>();
  failWith: Error | undefined;

  /** The secret and binding of a stored entry (`{"v":1,"secret","origin","audience"}`). */
  entry(key: string): { secret: string; origin: string; audience: string } | undefined {
    const stored = this.entries.get(key);
    return stored === undefined
      ? undefined
      : (JSON.parse(stored) as { secret: string; origin: string; audience: string });
  }

  async getPassword(service: string, account: string): Promise<string | null> {
    if (this.failWith) throw this.failWith;
    return this.entries.get(`${service}/${account}`) ?? null;
  }

  async setPassword(service: string, account: string, password: string): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.entries.set(`${service}/${account}`, password);
  }

  async deletePassword(service: string, account: string): Promise<boolean> {
    if (this.failWith) throw this.failWith;
    return this.entries.delete(`${service}/${account}`);
  }
}

export type Responder = (request: HttpRequest, index: number) => HttpResponse | Promise<HttpResponse>;

/** Answers every request with `respond` and keeps what was sent. */
export class FakeHttp implements HttpClient {
  readonly requests: HttpRequest[] = [];
  respond: Responder;

  constructor(respond: Responder) {
    this.respond = respond;
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    this.requests.push(request);
    return this.respond(request, this.requests.length - 1);
  }
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

/** An unsigned JWT with these claims: enough for a client that reads claims and does not verify. */
export function makeJwt(claims: Record<string, unknown>, signature = 'c2lnbmF0dXJl'): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.${signature}`;
}

export function captureLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return { log: createLogger((line) => lines.push(line)), lines };
}

/** A random source that always returns the same number, for exact delays. */
export const fixedRandom =
  (value = 0) =>
  () =>
    value;
