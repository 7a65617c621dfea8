// A request that got no answer, in words (issue 18): which address failed (the domain, or the
// API base URL when that is where requests go) and why, never a bare system code.
import { describe, expect, it } from 'vitest';
import { failureError } from '../../../../main/auth0/api-errors.ts';
import { HttpFailure } from '../../../../main/auth0/http-client.ts';
import { sendWithRetries, type SendContext } from '../../../../main/auth0/send-with-retries.ts';
import { silentLogger } from '../../../../main/log.ts';
import { FakeClock, FakeHttp } from '../fakes.ts';

describe('connection failures in words', () => {
  it('says the DNS name was not found at the domain, and to check its spelling', () => {
    const error = failureError(new HttpFailure('network', 'ENOTFOUND'), 'acme.eu.auth0.com');
    expect(error.message).toBe(
      "Roster could not reach acme.eu.auth0.com: its DNS name was not found. Check the spelling of the tenant's domain, and your connection.",
    );
    expect(error.code).toBe('network');
  });

  it('blames the API base URL, not the domain, when that is the address that failed', () => {
    const error = failureError(new HttpFailure('network', 'ECONNREFUSED'), '127.0.0.1:4000', true);
    expect(error.message).toBe(
      "Roster could not reach 127.0.0.1:4000 (the tenant's API base URL): the connection was refused (nothing is listening at that address and port). Check the API base URL under Advanced (its port too), and that the server there is running.",
    );
    expect(error.message).not.toMatch(/domain/);
  });

  it('words certificates, TLS, resets and time-outs, and never ends in a system code', () => {
    const cases: [string, RegExp][] = [
      ['CERT_HAS_EXPIRED', /its TLS certificate has expired/],
      ['ERR_TLS_CERT_ALTNAME_INVALID', /its TLS certificate is for another name/],
      ['SELF_SIGNED_CERT_IN_CHAIN', /self-signed/],
      ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', /an authority this computer does not trust/],
      ['EPROTO', /the TLS handshake failed/],
      ['ECONNRESET', /the connection was reset/],
      ['ETIMEDOUT', /the connection timed out/],
      ['EAI_AGAIN', /the DNS lookup failed/],
      ['ERR_SOMETHING_NEW', /the connection failed/],
    ];
    for (const [code, words] of cases) {
      const message = failureError(new HttpFailure('network', code), 'acme.auth0.com').message;
      expect(message, code).toMatch(words);
      expect(message, code).not.toContain(code);
    }
    const timeout = failureError(new HttpFailure('timeout', 'ETIMEDOUT'), 'acme.auth0.com').message;
    expect(timeout).toBe(
      "acme.auth0.com did not answer in time: the request timed out. Check your connection and the tenant's domain.",
    );
  });

  it('names the API base URL for requests sent to one (sendWithRetries)', async () => {
    const http = new FakeHttp(() => {
      throw new HttpFailure('network', 'ECONNREFUSED');
    });
    const context: SendContext = {
      http,
      clock: new FakeClock(),
      random: () => 0.5,
      policy: { maxRateLimitRetries: 0, maxFailureRetries: 0, backoffBaseMs: 1 },
      log: silentLogger,
      host: '127.0.0.1:4000',
      reach: 'local',
      fromApiBaseUrl: true,
    };
    const request = { method: 'GET' as const, url: 'http://127.0.0.1:4000/api/v2/users' };
    await expect(sendWithRetries(context, request, { idempotent: true })).rejects.toThrow(
      /^Roster could not reach 127\.0\.0\.1:4000 \(the tenant's API base URL\): the connection was refused/,
    );
  });
});
