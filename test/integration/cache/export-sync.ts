// Fills an offline cache the way a full sync does: a real users-exports job on the emulator
// (json, every profile field plus both metadata objects), polled until done, its file downloaded
// and streamed through ingestExport.
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { EmulatorHandle } from '../../../emulator/index.ts';
import { DEFAULT_EXPORT_FIELDS } from '../../../emulator/jobs/export-file.ts';
import type { UserCache } from '../../../main/cache/index.ts';
import { ingestExport } from '../../../main/sync/export-ingest.ts';
import { fetchToken, managementApi, waitForJob } from '../emulator/helpers.ts';

export const EXPORT_FIELDS = [...DEFAULT_EXPORT_FIELDS, { name: 'app_metadata' }, { name: 'user_metadata' }];

/** Runs an export job and returns the URL of its file. */
export async function exportLocation(emulator: EmulatorHandle): Promise<string> {
  const api = managementApi(emulator, await fetchToken(emulator));
  const created = await api('POST', '/jobs/users-exports', { format: 'json', fields: EXPORT_FIELDS });
  if (created.status !== 200) throw new Error(`export job refused: ${created.status} ${created.text}`);
  const job = await waitForJob(api, (created.body as { id: string }).id);
  if (job.status !== 'completed') throw new Error(`export job ended ${String(job.status)}`);
  return job.location as string;
}

export async function fullSyncFromEmulator(emulator: EmulatorHandle, cache: UserCache): Promise<number> {
  const response = await fetch(await exportLocation(emulator));
  if (response.status !== 200 || !response.body) throw new Error(`export download failed: ${response.status}`);
  const ingest = cache.beginFullSync();
  try {
    const { users } = await ingestExport(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), ingest, {
      batchSize: 500,
    });
    await ingest.commit(new Date().toISOString());
    return users;
  } catch (error) {
    ingest.abort();
    throw error;
  }
}
