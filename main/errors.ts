import type { ErrorCode, ErrorInfo } from '../common/result.ts';

/** An error that is meant for the user: its message says what happened and what to do. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number | undefined;
  readonly auth0ErrorCode: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { status?: number; auth0ErrorCode?: string; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = extra.status;
    this.auth0ErrorCode = extra.auth0ErrorCode;
    this.retryAfterMs = extra.retryAfterMs;
  }
}

/**
 * The only way an error leaves main: field by field, never by spreading the error, which could
 * carry request headers or a secret. Anything that is not an AppError is internal and its text
 * stays in main's log.
 */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof AppError) {
    const info: ErrorInfo = { code: error.code, message: error.message };
    if (error.status !== undefined) info.status = error.status;
    if (error.auth0ErrorCode !== undefined) info.auth0ErrorCode = error.auth0ErrorCode;
    if (error.retryAfterMs !== undefined) info.retryAfterMs = error.retryAfterMs;
    return info;
  }
  return { code: 'internal', message: 'Something went wrong inside Roster. The details are in the log.' };
}
