// The IPC result envelope of DESIGN.md. Errors cross IPC field by field: Electron's own error
// transport keeps only the message, and spreading an error object would leak whatever it holds.

export type ErrorCode =
  | 'invalid_sender'
  | 'invalid_argument'
  | 'unknown_channel'
  | 'cancelled'
  | 'internal'
  | 'not_found'
  | 'keychain_unavailable'
  | 'invalid_credentials'
  | 'token_expired'
  | 'insufficient_scope'
  | 'rate_limited'
  | 'network'
  | 'timeout'
  | 'api_error'
  | 'corrupt_store'
  | 'conflict'
  /** A stored secret would have gone to another origin than the one it was entered for. */
  | 'credentials_origin_mismatch'
  /** The tenant is unreachable or the admin chose "Work offline": writes are refused, never queued. */
  | 'offline';

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  status?: number;
  auth0ErrorCode?: string;
  retryAfterMs?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(error: ErrorInfo): Result<never> {
  return { ok: false, error };
}
