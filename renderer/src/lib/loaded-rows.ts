// Questions about the rows of an answer that have arrived so far (plain functions: no state).
import type { User } from '../../../common/auth0.ts';

type Windows = readonly (readonly User[] | undefined)[];

/** Metadata paths seen in the loaded rows, sorted (for column and search completion). */
export function loadedMetadataPaths(windows: Windows, limit = 200): string[] {
  const paths = new Set<string>();
  const visit = (value: unknown, path: string): void => {
    if (paths.size >= limit || value === null || typeof value !== 'object' || Array.isArray(value)) return;
    for (const [key, child] of Object.entries(value)) {
      const next = `${path}.${key}`;
      paths.add(next);
      visit(child, next);
    }
  };
  for (const window of windows) {
    for (const user of window ?? []) {
      visit(user.app_metadata, 'app_metadata');
      visit(user.user_metadata, 'user_metadata');
    }
  }
  return [...paths].sort();
}

/** The connections of the loaded rows' users, sorted. */
export function loadedConnections(windows: Windows): string[] {
  const names = new Set<string>();
  for (const window of windows) for (const user of window ?? []) names.add(user.identities?.[0]?.connection ?? '');
  names.delete('');
  return [...names].sort();
}
