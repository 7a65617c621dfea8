// `npm run emulator` as a process: --json prints one ready line; --help lists every option.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve(import.meta.dirname, '../../../emulator/cli.ts');

function run(args: string[]) {
  return spawn(process.execPath, ['--experimental-strip-types', '--no-warnings', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('emulator CLI', () => {
  it('prints {url, domain, clientId, clientSecret} once ready with --json, and serves tokens', async () => {
    const child = run(['--port', '0', '--users', '25', '--seed', '4', '--tier', 'essentials', '--json']);
    try {
      const lines = createInterface({ input: child.stdout });
      const [first] = await new Promise<string[]>((done) => lines.once('line', (line) => done([line])));
      const ready = JSON.parse(first as string) as Record<string, string>;
      expect(Object.keys(ready)).toEqual(['url', 'domain', 'clientId', 'clientSecret']);
      const response = await fetch(`${ready.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: ready.clientId,
          client_secret: ready.clientSecret,
          audience: `https://${ready.domain}/api/v2/`,
        }),
      });
      expect(response.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((done) => child.once('exit', done));
    expect(code).toBe(0);
  });

  it('lists every option with --help', async () => {
    const child = run(['--help']);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    expect(await new Promise((done) => child.once('exit', done))).toBe(0);
    for (const option of [
      '--port',
      '--host',
      '--users',
      '--seed',
      '--tier',
      '--domain',
      '--persist',
      '--latency-ms',
      '--error-rate',
      '--error-status',
      '--reset-rate',
      '--search-time-limit-ms',
      '--control-secret',
      '--json',
      '--quiet',
      '--help',
    ]) {
      expect(output).toContain(option);
    }
  });

  it('warns loudly on stderr when --host binds beyond loopback', async () => {
    const child = run(['--host', '0.0.0.0', '--port', '0', '--users', '10', '--json', '--quiet']);
    let errors = '';
    try {
      await new Promise<void>((done) =>
        child.stderr.on('data', (chunk: Buffer) => {
          errors += chunk.toString();
          if (errors.includes('Bind to 127.0.0.1')) done();
        }),
      );
      expect(errors).toContain('WARNING: --host 0.0.0.0 makes this emulator reachable beyond this machine.');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses a bad option value with exit code 2', async () => {
    const child = run(['--tier', 'platinum']);
    expect(await new Promise((done) => child.once('exit', done))).toBe(2);
  });
});
