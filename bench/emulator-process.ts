// The emulator as a separate process, as a real tenant is: a benchmark that drives the app then
// measures the app's process alone, not the emulator's users and garbage collection beside it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { EmulatorTenant } from '../test/e2e/support.ts';

export interface EmulatorProcess extends EmulatorTenant {
  stop(): Promise<void>;
}

/** Starts `npm run emulator`'s CLI with `users` seeded users (seed 1) and waits for its JSON line. */
export async function startEmulatorProcess(users: number): Promise<EmulatorProcess> {
  const cli = resolve(import.meta.dirname, '../emulator/cli.ts');
  const child = spawn(
    process.execPath,
    ['--experimental-strip-types', '--no-warnings', cli, '--users', String(users), '--seed', '1', '--json'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`The emulator exited (${String(code)}) before it was listening`);
  });
  const lines = createInterface({ input: child.stdout });
  const first = (async () => {
    for await (const line of lines) return line;
    throw new Error('The emulator printed nothing');
  })();
  const tenant = JSON.parse(await Promise.race([first, exited])) as EmulatorTenant;
  exited.catch(() => undefined);
  return {
    ...tenant,
    stop: async () => {
      if (child.exitCode !== null) return;
      const stopped = once(child, 'exit');
      child.kill('SIGTERM');
      await stopped;
    },
  };
}
