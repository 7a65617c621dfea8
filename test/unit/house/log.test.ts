import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogSink } from '../../../main/log-file.ts';
import { createLogger, parseLogLevel, redact, redactText } from '../../../main/log.ts';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

describe('logs', () => {
  it('redact secret keys, bearer tokens and JWTs at any depth', () => {
    const lines: string[] = [];
    const log = createLogger((line) => lines.push(line), { tenant: 'ten_1' });
    log.info(`sent Authorization: Bearer ${JWT}`, {
      headers: { Authorization: 'Bearer abc.def', 'content-type': 'application/json' },
      body: { client_secret: 'canary-secret', nested: [{ password: 'canary-pw', token: 'canary-token' }] },
      note: `token was ${JWT}`,
    });
    const text = lines.join('\n');
    for (const secret of ['canary-secret', 'canary-pw', 'canary-token', 'abc.def', JWT, 'c2lnbmF0dXJl']) {
      expect(text).not.toContain(secret);
    }
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'info',
      tenant: 'ten_1',
      headers: { 'content-type': 'application/json' },
    });
    expect(redact(new Error(`bad ${JWT}`))).toEqual({ name: 'Error', message: 'bad [redacted-jwt]' });
  });

  it.each([
    [String.raw`{"client\u005fsecret":"v1","a":"b"}`, String.raw`{"client\u005fsecret":"[redacted]","a":"b"}`],
    ['[["x-api-key", "v2"]]', '[["x-api-key", "[redacted]"]]'],
    ['a -----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY----- b', 'a [redacted-private-key] b'],
    ['https://user:v3@host.example:8443/p?q=1', 'https://user:[redacted]@host.example:8443/p?q=1'],
    [`password='v4 v5' next`, 'password=[redacted] next'],
    ['client_secret: v6, then', 'client_secret: [redacted], then'],
    ["{ clientSecret: 'v7', name: 'Jane' }", "{ clientSecret: [redacted], name: 'Jane' }"],
    ['email: jane@example.com https://user@host/x', 'email: jane@example.com https://user@host/x'],
  ])('redact the text %j as %j', (text, redacted) => {
    expect(redactText(text)).toBe(redacted);
  });

  it('redact the value after a name that names a secret, in pairs and raw headers', () => {
    expect(
      redact({
        pairs: [
          ['Authorization', 'v1'],
          ['accept', 'json'],
        ],
        raw: ['X-Api-Key', 'v2', 'Host', 'h'],
      }),
    ).toEqual({
      pairs: [
        ['Authorization', '[redacted]'],
        ['accept', 'json'],
      ],
      raw: ['X-Api-Key', '[redacted]', 'Host', 'h'],
    });
  });

  it('drop lines below the level, in children too', () => {
    const lines: string[] = [];
    const log = createLogger((line) => lines.push(line), {}, parseLogLevel('WARN', 'info')).child({ area: 'x' });
    log.debug('no');
    log.info('no');
    log.warn('yes');
    log.error('yes');
    expect(lines.map((line) => JSON.parse(line).message)).toEqual(['yes', 'yes']);
    expect(parseLogLevel('nonsense', 'info')).toBe('info');
    expect(parseLogLevel(undefined, 'error')).toBe('error');
  });

  it('go to userData/logs/roster.log, keeping a large previous file as roster.1.log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-log-'));
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'logs/roster.log'), 'x'.repeat(6 * 1024 * 1024));
    const echoed: string[] = [];
    const { sink, path, flush } = createFileLogSink(dir, (line) => echoed.push(line));
    createLogger(sink).warn('hello', { password: 'canary' });
    await flush();
    expect(readdirSync(join(dir, 'logs')).sort()).toEqual(['roster.1.log', 'roster.log']);
    const written = readFileSync(path, 'utf8');
    expect(written).toContain('"message":"hello"');
    expect(written).not.toContain('canary');
    expect(echoed).toHaveLength(1);
  });

  it('keep a small previous file and append to it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-log-'));
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'logs/roster.log'), '{"message":"before"}\n');
    const { sink, path, flush } = createFileLogSink(dir, () => {});
    createLogger(sink).info('after');
    await flush();
    expect(readdirSync(join(dir, 'logs'))).toEqual(['roster.log']);
    expect(readFileSync(path, 'utf8')).toMatch(/before[\s\S]*after/);
  });
});
