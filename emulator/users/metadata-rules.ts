// The emulator's answer to metadata that breaks Auth0's rules (common/metadata.ts holds the rules).
import type { Metadata } from '../../common/auth0.ts';
import { findAuth0MetadataProblem, reservedKeysIn, type MetadataKind } from '../../common/metadata.ts';
import { ManagementError } from '../http/api-error.ts';

/**
 * Keys may not contain `.` or `$`; some app_metadata keys are reserved. The API's wording for the
 * refusal is not documented; ours follows its "Payload validation error" shape.
 */
export function checkMetadata(kind: MetadataKind, metadata: Metadata): void {
  const problem = findAuth0MetadataProblem(kind, metadata);
  if (!problem) return;
  const detail =
    problem.kind === 'reserved_key'
      ? `Reserved app_metadata keys cannot be set: ${reservedKeysIn(metadata).join(',')}`
      : `Metadata keys cannot contain "." or "$": ${problem.path}`;
  throw new ManagementError(400, `Payload validation error: '${detail}' on property ${kind}.`, 'invalid_body');
}
