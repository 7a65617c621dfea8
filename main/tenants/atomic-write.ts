// A file is replaced whole or not at all: write a temporary file beside it, flush it to the
// disk, rename it over the old one (atomic on one file system), then flush the directory so
// the rename itself survives a power cut.
import { randomBytes } from 'node:crypto';
import type * as fsPromises from 'node:fs/promises';
import { dirname } from 'node:path';

export type FileSystem = Pick<typeof fsPromises, 'readFile' | 'open' | 'rename' | 'unlink' | 'mkdir' | 'copyFile'>;

export async function writeFileAtomic(fs: FileSystem, path: string, data: string): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temporary, path);
  } catch (error) {
    await fs.unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDirectory(fs, dirname(path));
}

async function syncDirectory(fs: FileSystem, directory: string): Promise<void> {
  // Windows cannot open a directory; there the rename is as durable as it gets.
  if (process.platform === 'win32') return;
  const handle = await fs.open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
