import type { User } from '../../common/auth0.ts';
import type { EmulatorContext } from '../context.ts';
import { ManagementError } from '../http/api-error.ts';
import type { MultipartPart } from '../http/body.ts';
import { json, noContent, type Reply, type Route } from '../http/types.ts';
import { buildExportFile, DEFAULT_EXPORT_FIELDS, type ExportField } from '../jobs/export-file.ts';
import { runImport } from '../jobs/import-users.ts';
import { DOWNLOAD_PREFIX, type JobRecord } from '../jobs/job-store.ts';
import { primaryConnection } from '../state/store.ts';

const MAX_CSV_FIELDS = 30;
const MAX_IMPORT_BYTES = 512_000;
const CONNECTION_ID = /^con_[A-Za-z0-9]{16}$/;
const VERIFICATION_EMAIL_DELAY_MS = 1000;
/** REC (TestJobManager_ReadErrors): the errors list is `application/json` without a charset, unlike other answers. */
const JOB_ERRORS_CONTENT_TYPE = 'application/json';

function tenantName(domain: string): string {
  return (domain.split(/[.:]/)[0] ?? 'tenant').replace(/[^a-zA-Z0-9-]/g, '') || 'tenant';
}

function connectionById(emulator: EmulatorContext, id: string) {
  const connection = emulator.store.connectionById(id);
  // Wording from Auth0's answer for an unknown connection on user creation; the likeliest here too.
  if (!connection) throw new ManagementError(400, 'The connection does not exist.', 'inexistent_connection');
  return connection;
}

/** The job as GET /jobs/{id} shows it: a fresh 60 s download link for a finished export. */
function jobView(emulator: EmulatorContext, record: JobRecord): Record<string, unknown> {
  const location = emulator.jobs.signedLocation(emulator.baseUrl, record);
  return location ? { ...record.job, location } : { ...record.job };
}

interface ExportBody {
  connection_id?: string;
  format?: 'json' | 'csv';
  limit?: number;
  fields?: ExportField[];
}

/**
 * Runs an export: pending briefly, then processing while the file is written in chunks (so the time is
 * proportional to size and small exports finish in well under a second), then completed with a location.
 */
function startExport(
  emulator: EmulatorContext,
  record: JobRecord,
  users: readonly User[],
  format: 'json' | 'csv',
  fields: ExportField[],
): void {
  const started = Date.now() + 25;
  setTimeout(() => {
    record.job.status = 'processing';
    record.job.percentage_done = 0;
    buildExportFile(users, format, fields, (done) => {
      const share = done / Math.max(users.length, 1);
      record.job.percentage_done = Math.floor(share * 100);
      const elapsedS = (Date.now() - started) / 1000;
      record.job.time_left_seconds = share > 0 ? Math.ceil((elapsedS / share) * (1 - share)) : 0;
    })
      .then((data) => {
        record.file = { name: `${tenantName(emulator.domain)}.${format}.gz`, data, contentType: 'application/gzip' };
        record.job.percentage_done = 100;
        record.job.time_left_seconds = 0;
        record.job.status = 'completed';
      })
      .catch((error: unknown) => {
        record.job.status = 'failed';
        record.job.status_details = String(error);
      });
  }, 25).unref();
}

function createExport(emulator: EmulatorContext, body: ExportBody): Reply {
  const format = body.format ?? 'json';
  if (format === 'csv' && (body.fields?.length ?? 0) > MAX_CSV_FIELDS) {
    throw new ManagementError(
      400,
      `Payload validation error: 'Array is too long (${body.fields?.length}), maximum ${MAX_CSV_FIELDS}' on property fields.`,
      'invalid_body',
    );
  }
  const connection = body.connection_id === undefined ? undefined : connectionById(emulator, body.connection_id);
  let users = emulator.store.users();
  if (connection) users = users.filter((user) => primaryConnection(user) === connection.name);
  if (body.limit !== undefined) users = users.slice(0, body.limit);
  const fields = body.fields && body.fields.length > 0 ? body.fields : DEFAULT_EXPORT_FIELDS;
  const record = emulator.jobs.create({
    type: 'users_export',
    status: 'pending',
    // The OAS marks `connection` required; for an export of every connection the likeliest value is null.
    connection: connection?.name ?? null,
    ...(connection ? { connection_id: connection.id } : {}),
    format,
    ...(body.limit !== undefined ? { limit: body.limit } : {}),
    ...(body.fields ? { fields: body.fields } : {}),
  });
  startExport(emulator, record, users, format, fields);
  // FACTS.md: the export job answers 200, not 201.
  return json(200, { ...record.job });
}

function part(parts: MultipartPart[], name: string): MultipartPart | undefined {
  return parts.find((candidate) => candidate.name === name);
}

function createImport(emulator: EmulatorContext, body: unknown): Reply {
  const parts = Array.isArray(body) ? (body as MultipartPart[]) : [];
  const users = part(parts, 'users');
  const connectionId = part(parts, 'connection_id')?.data.toString('utf8');
  if (!users)
    throw new ManagementError(400, "Payload validation error: 'Missing required property: users'.", 'invalid_body');
  if (connectionId === undefined)
    throw new ManagementError(
      400,
      "Payload validation error: 'Missing required property: connection_id'.",
      'invalid_body',
    );
  if (users.data.length > MAX_IMPORT_BYTES) {
    throw new ManagementError(413, `Payload content length greater than maximum allowed: ${MAX_IMPORT_BYTES}`);
  }
  if (!CONNECTION_ID.test(connectionId)) {
    throw new ManagementError(
      400,
      `Payload validation error: 'String does not match pattern ${CONNECTION_ID.source}' on property connection_id.`,
      'invalid_body',
    );
  }
  const connection = connectionById(emulator, connectionId);
  if (connection.strategy !== 'auth0') {
    throw new ManagementError(400, 'Users can only be imported into database connections.', 'operation_not_supported');
  }
  const externalId = part(parts, 'external_id')?.data.toString('utf8');
  const record = emulator.jobs.create({
    type: 'users_import',
    status: 'pending',
    connection_id: connection.id,
    connection: connection.name,
    ...(externalId ? { external_id: externalId } : {}),
  });
  const upsert = part(parts, 'upsert')?.data.toString('utf8') === 'true';
  setTimeout(() => void runImport(emulator.store, record, connection, users.data, upsert), 25).unref();
  return json(202, { ...record.job });
}

function createVerificationEmail(emulator: EmulatorContext, body: { user_id: string }): Reply {
  const user = emulator.store.getUser(body.user_id);
  // The OAS lists no 404 here: an unknown user is a 400.
  if (!user) throw new ManagementError(400, 'The user does not exist.', 'inexistent_user');
  if (user.email === undefined)
    throw new ManagementError(400, 'The user does not have an email address.', 'invalid_body');
  const record = emulator.jobs.create({ type: 'verification_email', status: 'pending' });
  // REC (TestJobManager_VerifyEmail): the job still reads pending when polled right after; Auth0 sends
  // the email within seconds, so the emulator completes it a second later.
  setTimeout(() => {
    record.job.status = 'completed';
  }, VERIFICATION_EMAIL_DELAY_MS).unref();
  return json(201, { ...record.job });
}

function requireJob(emulator: EmulatorContext, id: string | undefined): JobRecord {
  const record = id === undefined ? undefined : emulator.jobs.get(id);
  if (!record) throw new ManagementError(404, 'The job does not exist.', 'inexistent_job');
  return record;
}

function jobErrors(record: JobRecord): Reply {
  if (record.job.status === 'failed') {
    const { id, type, status, created_at, connection_id, status_details } = record.job;
    return jobErrorsReply({
      id,
      type,
      status,
      created_at,
      ...(connection_id ? { connection_id } : {}),
      status_details: status_details ?? 'failed',
    });
  }
  const errors = record.importErrors ?? [];
  return errors.length > 0 ? jobErrorsReply(errors) : noContent();
}

function jobErrorsReply(body: unknown): Reply {
  return { status: 200, raw: JSON.stringify(body), contentType: JOB_ERRORS_CONTENT_TYPE };
}

function s3Error(status: number, code: string, message: string): Reply {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  return { status, raw: xml, contentType: 'application/xml' };
}

export function jobRoutes(emulator: EmulatorContext): Route[] {
  // Auth0 ignores query parameters the jobs routes do not declare (ISSUE 12) instead of refusing them.
  const kind = 'management' as const;
  const ignoreUnknownQuery = true;
  return [
    {
      kind,
      method: 'POST',
      path: '/jobs/users-exports',
      operationId: 'post_users-exports',
      ignoreUnknownQuery,
      handler: (context) => createExport(emulator, (context.body ?? {}) as ExportBody),
    },
    {
      kind,
      method: 'POST',
      path: '/jobs/users-imports',
      operationId: 'post_users-imports',
      ignoreUnknownQuery,
      ownBodyValidation: true,
      handler: (context) => createImport(emulator, context.body),
    },
    {
      kind,
      method: 'POST',
      path: '/jobs/verification-email',
      operationId: 'post_verification-email',
      ignoreUnknownQuery,
      handler: (context) => createVerificationEmail(emulator, context.body as { user_id: string }),
    },
    {
      kind,
      method: 'GET',
      path: '/jobs/{id}',
      operationId: 'get_jobs_by_id',
      ignoreUnknownQuery,
      handler: (context) => json(200, jobView(emulator, requireJob(emulator, context.params.id))),
    },
    {
      kind,
      method: 'GET',
      path: '/jobs/{id}/errors',
      operationId: 'get_errors',
      ignoreUnknownQuery,
      handler: (context) => jobErrors(requireJob(emulator, context.params.id)),
    },
    {
      // The signed file link, standing in for Auth0's S3 URL (hence S3's XML errors).
      kind: 'download',
      method: 'GET',
      path: `${DOWNLOAD_PREFIX}/{job}/{file}`,
      handler: (context) => {
        const record = emulator.jobs.get(context.params.job ?? '');
        if (!record?.file || record.file.name !== context.params.file)
          return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
        const verdict = emulator.jobs.checkDownload(
          record.job.id,
          context.searchParams.get('Expires'),
          context.searchParams.get('Signature'),
        );
        if (verdict === 'expired') return s3Error(403, 'AccessDenied', 'Request has expired');
        if (verdict === 'invalid')
          return s3Error(
            403,
            'SignatureDoesNotMatch',
            'The request signature we calculated does not match the signature you provided.',
          );
        return { status: 200, raw: record.file.data, contentType: record.file.contentType };
      },
    },
  ];
}
