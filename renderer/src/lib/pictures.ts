// Users' pictures that failed to load, remembered for a while: offline (the app's point: a synced
// tenant browsed with no network) every picture fails, and without this each row scrolled into
// view, each new answer and each profile opened would ask for its picture again and fail again.
// Which pictures may load at all is common/pictures.ts's rule (issue 19), not this file's.
import { picturePolicy, type PictureVerdict } from '../../../common/pictures.ts';

/** How long a failed picture shows initials before it is tried again. */
export const RETRY_MS = 10 * 60 * 1000;
/** Failures remembered at most (the oldest are forgotten first). */
const LIMIT = 10_000;

const failedAt = new Map<string, number>();

export function rememberFailedPicture(url: string, now = Date.now()): void {
  failedAt.delete(url);
  failedAt.set(url, now);
  if (failedAt.size > LIMIT) failedAt.delete(failedAt.keys().next().value as string);
}

/**
 * The picture to try, or why there is none: the address rule first (a picture that may not load
 * is never asked for), then the failures of the last RETRY_MS.
 */
export function pictureToTry(
  url: string | undefined,
  options: { loadAll: boolean },
  now = Date.now(),
): PictureVerdict | { load: false; reason: 'failed' } {
  const verdict = picturePolicy(url, options);
  if (!verdict.load) return verdict;
  const at = failedAt.get(verdict.url);
  return at === undefined || now - at >= RETRY_MS ? verdict : { load: false, reason: 'failed' };
}

/** The tooltip of the initials shown instead of a picture, or null when there is nothing to explain. */
export function pictureNotice(verdict: ReturnType<typeof pictureToTry>): string | null {
  if (verdict.load) return null;
  switch (verdict.reason) {
    case 'unknown_host':
      return `Picture not loaded: it is hosted at ${verdict.host}, outside the known avatar hosts. “Load all pictures” in the tenant’s settings loads it.`;
    case 'internal':
      return `Picture not loaded: ${verdict.host} is not a public address.`;
    case 'not_https':
      return 'Picture not loaded: only https pictures are loaded.';
    case 'failed':
      return 'The picture could not be loaded; Roster tries again in a few minutes.';
    default:
      return null;
  }
}
