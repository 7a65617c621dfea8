// Users' pictures that failed to load, remembered for a while: offline (the app's point: a synced
// tenant browsed with no network) every picture fails, and without this each row scrolled into
// view, each new answer and each profile opened would ask for its picture again and fail again.
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
 * The picture to try: an https URL (Auth0's pictures are avatar URLs; anything else shows
 * initials) that has not failed lately.
 */
export function pictureToTry(url: string | undefined, now = Date.now()): string | null {
  if (!url?.startsWith('https://')) return null;
  const at = failedAt.get(url);
  return at === undefined || now - at >= RETRY_MS ? url : null;
}
