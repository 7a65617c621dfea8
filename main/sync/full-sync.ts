// A full sync (issue 8): the users-export job (FACTS.md, Export jobs) polled with back-off, its
// gzip NDJSON streamed through export-ingest.ts into a new copy of the cache, committed only once
// whole. Until then the previous cache answers every read; on failure or cancel it stays as it was.
import { NORMALIZED_PROFILE_FIELDS, type Job, type User } from '../../common/auth0.ts';
import type { SyncSummary } from '../../common/sync.ts';
import { throwIfCancelled } from '../auth0/cancellation.ts';
import type { Clock } from '../auth0/clock.ts';
import { withoutIdpTokens } from '../auth0/management-api.ts';
import type { FullSyncIngest, UserCache } from '../cache/types.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ExportStream, OpenExport } from './export-download.ts';

/** The root attributes of FACTS.md's profile, and both metadata objects, which an export leaves
 *  out unless asked for by name. */
export const EXPORT_FIELDS = [...NORMALIZED_PROFILE_FIELDS, 'app_metadata', 'user_metadata'].map((name) => ({ name }));

/** main/sync/export-ingest.ts (the cache helper's): gzip bytes -> batches into `ingest`. */
export type IngestExport = (
  gzipBytes: AsyncIterable<Uint8Array>,
  ingest: FullSyncIngest,
  options?: { signal?: AbortSignal; onProgress?: (progress: { bytes: number; users: number }) => void },
) => Promise<{ bytes: number; users: number }>;

export interface ExportJobsApi {
  exportUsers(body: { format: 'json'; fields: { name: string }[] }, signal?: AbortSignal): Promise<Job>;
  getJob(jobId: string, signal?: AbortSignal): Promise<Job>;
}

export interface FullSyncProgress {
  phase: 'export' | 'download' | 'committing';
  jobPercentage: number | null;
  /** While committing: the share (0-1) of the new copy made ready to swap in. */
  committed?: number;
  bytes: number;
  totalBytes: number | null;
  users: number;
  etaSeconds: number | null;
}

export interface FullSyncDeps {
  api: ExportJobsApi;
  cache: UserCache;
  openExport: OpenExport;
  ingestExport: IngestExport;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
  onProgress: (progress: FullSyncProgress) => void;
}

const IDP_TOKEN_KEYS = ['access_token', 'refresh_token', 'access_token_secret'];
const FIRST_POLL_MS = 500;
const MAX_POLL_MS = 5_000;
/** Auth0 times an export job out after 8 hours. */
const JOB_TIMEOUT_MS = 8 * 60 * 60 * 1000;

export async function runFullSync(deps: FullSyncDeps): Promise<SyncSummary> {
  const { api, clock, signal, onProgress } = deps;
  // The export is a snapshot taken when the job starts: that is the time the cache is as of,
  // so changes made during the export are picked up by the next incremental sync.
  const startedAt = clock.now();
  const created = await api.exportUsers({ format: 'json', fields: EXPORT_FIELDS }, signal);
  let job = await waitForJob(deps, created, startedAt);
  // The job is done: the bar moves on to the download before its first byte arrives.
  onProgress({ phase: 'download', jobPercentage: 100, bytes: 0, totalBytes: null, users: 0, etaSeconds: null });
  const ingest = strippingIdpTokens(deps.cache.beginFullSync());
  try {
    let download: ExportStream;
    try {
      download = await deps.openExport(requireLocation(job), signal);
    } catch (error) {
      // The link lives 60 s; polling the job again gives a fresh one (FACTS.md).
      if (!(error instanceof AppError) || error.code !== 'not_found') throw error;
      job = await api.getJob(job.id, signal);
      download = await deps.openExport(requireLocation(job), signal);
    }
    const downloadStarted = clock.now();
    const totalBytes = download.contentLength;
    const result = await deps.ingestExport(download.body, ingest, {
      signal,
      onProgress: ({ bytes, users }) => {
        const elapsedS = (clock.now() - downloadStarted) / 1000;
        const etaSeconds =
          totalBytes && bytes > 0 && elapsedS > 0 ? Math.max(0, (elapsedS / bytes) * (totalBytes - bytes)) : null;
        onProgress({ phase: 'download', jobPercentage: 100, bytes, totalBytes, users, etaSeconds });
      },
    });
    throwIfCancelled(signal);
    const committing = (committed: number, etaSeconds: number | null) =>
      onProgress({
        phase: 'committing',
        jobPercentage: 100,
        committed,
        bytes: result.bytes,
        totalBytes,
        users: result.users,
        etaSeconds,
      });
    committing(0, null);
    const syncedAt = new Date(startedAt).toISOString();
    const commitStarted = clock.now();
    await ingest.commit(syncedAt, {
      signal,
      onProgress: (done, total) => {
        const elapsedS = (clock.now() - commitStarted) / 1000;
        committing(done / total, done > 0 ? (elapsedS / done) * (total - done) : null);
      },
    });
    deps.log.info('full sync committed', { users: result.users, bytes: result.bytes, ms: clock.now() - startedAt });
    return { kind: 'full', users: result.users, bytes: result.bytes, syncedAt };
  } catch (error) {
    ingest.abort();
    throw error;
  }
}

async function waitForJob(deps: FullSyncDeps, created: Job, startedAt: number): Promise<Job> {
  const { api, clock, signal, onProgress } = deps;
  let job = created;
  let delayMs = FIRST_POLL_MS;
  for (;;) {
    if (job.status === 'completed') return job;
    if (job.status === 'failed') {
      throw new AppError('api_error', `Auth0's users-export job ${job.id} failed. Try the sync again later.`);
    }
    if (clock.now() - startedAt > JOB_TIMEOUT_MS) {
      throw new AppError('timeout', `Auth0's users-export job ${job.id} did not finish within 8 hours.`);
    }
    onProgress({
      phase: 'export',
      jobPercentage: job.percentage_done ?? 0,
      bytes: 0,
      totalBytes: null,
      users: 0,
      etaSeconds: job.time_left_seconds ?? null,
    });
    await clock.sleep(delayMs, signal);
    delayMs = Math.min(MAX_POLL_MS, Math.round(delayMs * 1.5));
    job = await api.getJob(job.id, signal);
  }
}

function requireLocation(job: Job): string {
  if (!job.location) throw new AppError('api_error', `Auth0's users-export job ${job.id} finished without a file.`);
  return job.location;
}

/** IdP tokens can appear in identities (read:user_idp_tokens); they are the users' secrets and
 *  never reach the cache (management-api.ts withoutIdpTokens). An export's lines are stored as
 *  they come, so a line that may hold one (it names a token, or escapes a character, which could
 *  spell a name) is parsed, checked, and stored as what was checked: re-serialised from the parse,
 *  without the tokens. Never its own bytes: a key written twice (`identities`, first with a token,
 *  then without) reads as its last value to JSON.parse, while the bytes keep the first. */
function strippingIdpTokens(ingest: FullSyncIngest): FullSyncIngest {
  return {
    add: (users) => ingest.add(users.some(hasIdpToken) ? users.map(withoutIdpTokens) : users),
    addLines: (lines) => ingest.addLines(lines.map(withoutIdpTokensInLine)),
    commit: (syncedAt, options) => ingest.commit(syncedAt, options),
    abort: () => ingest.abort(),
  };
}

const TOKEN_NAME = Buffer.from('_token');
const ESCAPE = Buffer.from('\\u');

function withoutIdpTokensInLine(line: Uint8Array): Uint8Array {
  const bytes = Buffer.from(line.buffer, line.byteOffset, line.byteLength);
  if (!bytes.includes(TOKEN_NAME) && !bytes.includes(ESCAPE)) return line;
  let user: unknown;
  try {
    user = JSON.parse(bytes.toString('utf8'));
  } catch {
    return line; // Not JSON: the cache refuses the line, naming it.
  }
  if (user === null || typeof user !== 'object') return line;
  return Buffer.from(JSON.stringify(hasIdpToken(user as User) ? withoutIdpTokens(user as User) : user));
}

function hasIdpToken(user: User): boolean {
  if (!Array.isArray(user.identities)) return false;
  return user.identities.some(
    (identity) => identity !== null && typeof identity === 'object' && IDP_TOKEN_KEYS.some((key) => key in identity),
  );
}
