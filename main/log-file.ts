// Main's log on disk, so that "the details are in the log" points somewhere a user can find:
// userData/logs/roster.log, one JSON line per record (already redacted by main/log.ts), the
// previous run's file kept as roster.1.log once it passes a few megabytes.
import { createWriteStream, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LogSink } from './log.ts';

const MAX_BYTES = 5 * 1024 * 1024;

export interface FileLogSink {
  sink: LogSink;
  path: string;
  /** Resolves once every line written so far is on disk (tests, and quitting). */
  flush(): Promise<void>;
}

export function createFileLogSink(userDataDir: string, alsoTo: LogSink): FileLogSink {
  const directory = join(userDataDir, 'logs');
  const path = join(directory, 'roster.log');
  let stream: ReturnType<typeof createWriteStream> | null = null;
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    if ((statSync(path, { throwIfNoEntry: false })?.size ?? 0) > MAX_BYTES)
      renameSync(path, join(directory, 'roster.1.log'));
    stream = createWriteStream(path, { flags: 'a', mode: 0o600 });
    // A full disk or a vanished folder must not take the app down: the log goes to stderr only.
    stream.on('error', () => (stream = null));
  } catch {
    stream = null;
  }
  let written: Promise<void> = Promise.resolve();
  return {
    path,
    sink: (line) => {
      alsoTo(line);
      const target = stream;
      if (target) written = new Promise((resolve) => target.write(`${line}\n`, () => resolve()));
    },
    flush: () => written,
  };
}
