import type { IncomingMessage } from 'node:http';
import type { AccessClaims } from './auth/tokens.ts';
import type { EmulatorContext } from './context.ts';
import { OPERATIONS, type OperationSpec } from './generated/oas-operations.ts';
import { ManagementError } from './http/api-error.ts';
import { readQuery } from './http/query.ts';
import { describeViolation, findViolation } from './http/schema.ts';
import type { RequestContext, Route } from './http/types.ts';

const BY_ID = new Map(OPERATIONS.map((operation) => [operation.operationId, operation]));

export function operationOf(route: Route): OperationSpec {
  const operation = route.operationId ? BY_ID.get(route.operationId) : undefined;
  if (!operation) throw new Error(`no OAS operation for ${route.method} ${route.path}`);
  return operation;
}

/**
 * Checks the bearer token (401) and the scopes the OAS lists for the operation (403 insufficient_scope,
 * "expected any of"). Wording from FACTS.md, Errors; "Missing authentication" and "Bad audience" are
 * Auth0's answers for a missing header and a token for another API.
 */
export async function authorizeManagement(
  emulator: EmulatorContext,
  route: Route,
  request: IncomingMessage,
): Promise<AccessClaims> {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ManagementError(401, 'Missing authentication');
  const result = await emulator.tokens.verify(match[1] as string, emulator.tokens.managementAudience);
  if (result === 'expired') throw new ManagementError(401, 'Token has expired or signature is invalid.');
  if (result === 'audience') throw new ManagementError(401, `Bad audience: ${emulator.tokens.managementAudience}`);
  if (result === 'invalid') throw new ManagementError(401, 'Invalid token');
  const operation = operationOf(route);
  const granted = new Set((result.scope ?? '').split(' ').filter(Boolean));
  if (operation.scopes.length > 0 && !operation.scopes.some((scope) => granted.has(scope))) {
    throw new ManagementError(
      403,
      `Insufficient scope, expected any of: ${operation.scopes.join(',')}`,
      'insufficient_scope',
    );
  }
  return result;
}

/** Coerces and checks query parameters and, unless the route checks its own, the body. */
export function prepareManagement(route: Route, context: RequestContext): void {
  const operation = operationOf(route);
  context.query = readQuery(operation, context.searchParams, route.ignoreUnknownQuery === true);
  if (!operation.body || route.ownBodyValidation) return;
  const violation = findViolation(operation.body, context.body ?? {});
  if (violation) throw new ManagementError(400, describeViolation('Payload', violation), 'invalid_body');
}

export function hasScope(context: RequestContext, scope: string): boolean {
  return (context.token?.scope ?? '').split(' ').includes(scope);
}
