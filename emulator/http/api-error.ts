import { STATUS_CODES } from 'node:http';
import type { AuthenticationErrorBody, ManagementErrorBody } from '../../common/auth0.ts';

/** A Management API error: answered as `{statusCode, error, message, errorCode?}` (FACTS.md, Errors). */
export class ManagementError extends Error {
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, errorCode?: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
    this.headers = headers;
  }

  toBody(): ManagementErrorBody {
    const body: ManagementErrorBody = {
      statusCode: this.status,
      error: reasonPhrase(this.status),
      message: this.message,
    };
    if (this.errorCode !== undefined) body.errorCode = this.errorCode;
    return body;
  }
}

/** An Authentication API error: answered as `{error, error_description}`, never the Management shape. */
export class AuthenticationError extends Error {
  readonly status: number;
  readonly error: string;

  constructor(status: number, error: string, description: string) {
    super(description);
    this.status = status;
    this.error = error;
  }

  toBody(): AuthenticationErrorBody {
    return { error: this.error, error_description: this.message };
  }
}

export function reasonPhrase(status: number): string {
  // Auth0 (hapi) still says "Request-URI Too Large" and "Payload Too Large" in older wording; Node's
  // phrases are the current RFC 9110 ones, which is what newer Auth0 responses carry.
  return STATUS_CODES[status] ?? 'Unknown';
}

export function badRequest(message: string, errorCode = 'invalid_body'): ManagementError {
  return new ManagementError(400, message, errorCode);
}

export function payloadError(detail: string): ManagementError {
  return new ManagementError(400, `Payload validation error: '${detail}'.`, 'invalid_body');
}

export function userNotFound(): ManagementError {
  return new ManagementError(404, 'The user does not exist.', 'inexistent_user');
}
