import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Job } from '../../common/auth0.ts';

/** A job plus what the API never shows: its file, its import errors, the reason it failed. */
export interface JobRecord {
  job: Omit<Job, 'connection'> & { connection?: string | null; external_id?: string; status_details?: string };
  file?: { name: string; data: Buffer; contentType: string };
  importErrors?: { user: Record<string, unknown>; errors: { code: string; message: string; path?: string }[] }[];
}

/** FACTS.md: the download link works for 60 s; polling the job again gives a fresh one. */
export const DOWNLOAD_LINK_TTL_MS = 60_000;
export const DOWNLOAD_PREFIX = '/__downloads';
const JOB_LIFETIME_MS = 24 * 3_600_000;

export class JobStore {
  #records = new Map<string, JobRecord>();
  readonly #signingKey = randomBytes(32);

  create(job: Omit<JobRecord['job'], 'id' | 'created_at'>, now = Date.now()): JobRecord {
    this.#forgetOld(now);
    const id = `job_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16)}`;
    const record: JobRecord = { job: { ...job, id, created_at: new Date(now).toISOString() } as JobRecord['job'] };
    this.#records.set(id, record);
    return record;
  }

  /** FACTS.md: a finished job's file can be fetched for 24 h; after that the job (and its file) is gone. */
  #forgetOld(now: number): void {
    for (const [id, record] of this.#records) {
      if (now - Date.parse(record.job.created_at) > JOB_LIFETIME_MS) this.#records.delete(id);
    }
  }

  get(id: string): JobRecord | undefined {
    return this.#records.get(id);
  }

  #signature(jobId: string, expires: number): string {
    return createHmac('sha256', this.#signingKey).update(`${jobId}.${expires}`).digest('base64url');
  }

  /** A fresh signed link to the job's file, valid for 60 s from now. */
  signedLocation(baseUrl: string, record: JobRecord, now = Date.now()): string | undefined {
    if (!record.file) return undefined;
    const expires = now + DOWNLOAD_LINK_TTL_MS;
    const signature = this.#signature(record.job.id, expires);
    return `${baseUrl}${DOWNLOAD_PREFIX}/${record.job.id}/${record.file.name}?Expires=${expires}&Signature=${signature}`;
  }

  /** 'ok', 'expired' or 'invalid' for a download request. */
  checkDownload(
    jobId: string,
    expires: string | null,
    signature: string | null,
    now = Date.now(),
  ): 'ok' | 'expired' | 'invalid' {
    if (!expires || !signature || !/^\d+$/.test(expires)) return 'invalid';
    const expected = Buffer.from(this.#signature(jobId, Number(expires)));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
    return Number(expires) < now ? 'expired' : 'ok';
  }
}
