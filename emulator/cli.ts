// `npm run emulator -- --port 4010 --users 5000 --seed 1 --tier essentials [--json]`
import { exposureWarning } from './http/request-guards.ts';
import { parseArgs } from 'node:util';
import { startEmulator, type EmulatorOptions, type Faults, type Tier } from './index.ts';
import { checkFaults } from './faults.ts';
import { TIERS } from './rate-limit.ts';

const HELP = `Roster's Auth0 emulator: a local Auth0 Management API with seeded users.

Usage: npm run emulator -- [options]

Options:
  --port <n>                  Port to listen on (default 4010; 0 picks a free port)
  --host <address>            Address to bind (default 127.0.0.1)
  --users <n>                 Users to seed, 10 to 1000000 (default 1000)
  --seed <n>                  Seed for the generated tenant (default 1)
  --tier <name>               Rate-limit tier: ${TIERS.join(', ')} (default unlimited)
  --domain <name>             Tenant domain in tokens and tickets (default localhost:<port>)
  --persist <file>            Keep the tenant in this file across restarts
  --latency-ms <n>            Fault: delay every answer by n ms
  --error-rate <0..1>         Fault: share of requests answered with --error-status
  --error-status <500|503>    Fault: status of injected errors (default 503)
  --reset-rate <0..1>         Fault: share of connections reset without an answer
  --search-time-limit-ms <n>  Searches slower than this answer 503 (default 2000; 0: every search)
  --control-secret <s>        Secret for /__emulator/ control endpoints (default: random, printed)
  --json                      Print one line {"url","domain","clientId","clientSecret"} when ready;
                              everything else goes to stderr
  --quiet                     No request log
  --help                      Show this help
`;

function fail(message: string): never {
  process.stderr.write(`emulator: ${message}\n\n${HELP}`);
  process.exit(2);
}

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) fail(`--${name} must be a number`);
  return parsed;
}

function readOptions(): { options: EmulatorOptions; json: boolean } {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      users: { type: 'string' },
      seed: { type: 'string' },
      tier: { type: 'string' },
      domain: { type: 'string' },
      persist: { type: 'string' },
      'latency-ms': { type: 'string' },
      'error-rate': { type: 'string' },
      'error-status': { type: 'string' },
      'reset-rate': { type: 'string' },
      'search-time-limit-ms': { type: 'string' },
      'control-secret': { type: 'string' },
      json: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const users = number(values.users, 'users') ?? 1000;
  if (!Number.isInteger(users) || users < 10 || users > 1_000_000)
    fail('--users must be an integer from 10 to 1000000');
  const tier = (values.tier ?? 'unlimited') as Tier;
  if (!TIERS.includes(tier)) fail(`--tier must be one of ${TIERS.join(', ')}`);
  const faults: Faults = {};
  const latency = number(values['latency-ms'], 'latency-ms');
  if (latency !== undefined) faults.latencyMs = latency;
  const errorRate = number(values['error-rate'], 'error-rate');
  if (errorRate !== undefined) faults.errorRate = errorRate;
  const errorStatus = number(values['error-status'], 'error-status');
  if (errorStatus !== undefined) faults.errorStatus = errorStatus as 500 | 503;
  const resetRate = number(values['reset-rate'], 'reset-rate');
  if (resetRate !== undefined) faults.resetRate = resetRate;
  const searchLimit = number(values['search-time-limit-ms'], 'search-time-limit-ms');
  if (searchLimit !== undefined) faults.searchTimeLimitMs = searchLimit;
  const problem = checkFaults(faults);
  if (problem) fail(problem);
  const log = values.quiet ? () => {} : (line: string) => process.stderr.write(`${line}\n`);
  const options: EmulatorOptions = {
    port: number(values.port, 'port') ?? 4010,
    users,
    seed: number(values.seed, 'seed') ?? 1,
    tier,
    faults,
    log,
  };
  if (values.host) options.host = values.host;
  if (values.domain) options.domain = values.domain;
  if (values.persist) options.persistTo = values.persist;
  if (values['control-secret']) options.controlSecret = values['control-secret'];
  return { options, json: values.json ?? false };
}

async function main(): Promise<void> {
  const { options, json } = readOptions();
  const started = performance.now();
  const emulator = await startEmulator(options);
  const { url, domain, clientId, clientSecret } = emulator;
  if (json) process.stdout.write(`${JSON.stringify({ url, domain, clientId, clientSecret })}\n`);
  const summary = [
    `Auth0 emulator ready in ${Math.round(performance.now() - started)} ms`,
    `  url            ${url}   (Management API: ${url}/api/v2, token: ${url}/oauth/token)`,
    `  domain         ${domain}   (audience https://${domain}/api/v2/)`,
    `  full client    ${clientId} / ${clientSecret}`,
    `  read-only      ${emulator.readOnlyClientId} / ${emulator.readOnlyClientSecret}`,
    `  control secret ${emulator.controlSecret}   (header x-emulator-control-secret)`,
  ].join('\n');
  (json ? process.stderr : process.stdout).write(`${summary}\n`);
  const exposure = exposureWarning(options.host);
  if (exposure) process.stderr.write(exposure);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void emulator.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
