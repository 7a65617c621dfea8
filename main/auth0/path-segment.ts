// Ids go into Management API paths as exactly one segment. encodeURIComponent leaves `.` alone,
// and a URL parser resolves a `.` or `..` segment (`/users/..` is `/api/v2/`), so a crafted id
// could aim a DELETE at another resource. The schema refuses such ids (common/users.ts); this
// refuses them again where the path is built, so that no caller can forget.
import { AppError } from '../errors.ts';

export function pathSegment(id: string): string {
  const encoded = encodeURIComponent(id);
  const probe = `/r/${encoded}`;
  if (encoded.length === 0 || new URL(probe, 'https://tenant.invalid').pathname !== probe) {
    throw new AppError('invalid_argument', `"${id.slice(0, 40)}" is not an id Auth0 issues.`);
  }
  return encoded;
}
