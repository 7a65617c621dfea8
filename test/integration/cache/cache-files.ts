// Helpers for the cache tests that work on files on disk.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { User } from '../../../common/auth0.ts';

export function temporaryCacheDirectory(name: string): string {
  return mkdtempSync(join(tmpdir(), `roster-${name}-`));
}

/** `count` users whose ids start with `prefix`, with metadata and identities, deterministic. */
export function makeUsers(prefix: string, count: number): User[] {
  return Array.from({ length: count }, (_, index) => ({
    user_id: `auth0|${prefix}${String(index).padStart(6, '0')}`,
    email: `${prefix}${index}@example.com`,
    email_verified: index % 3 !== 0,
    name: `${prefix.toUpperCase()} User ${index}`,
    identities: [
      { connection: 'Username-Password-Authentication', provider: 'auth0', user_id: `${index}`, isSocial: false },
    ],
    created_at: new Date(Date.UTC(2020, 0, 1) + index * 3_600_000).toISOString(),
    updated_at: new Date(Date.UTC(2024, 0, 1) + index * 60_000).toISOString(),
    logins_count: index % 250,
    app_metadata: {
      plan: { tier: ['free', 'gold', 'platinum'][index % 3] as string },
      roles: index % 7 === 0 ? ['admin'] : [],
    },
  }));
}

/** SQLite's full integrity check of a closed cache file: 'ok' when sound. */
export function integrityOf(path: string): string {
  const db = new DatabaseSync(path);
  try {
    const rows = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
    return rows.map((row) => row.integrity_check).join('; ');
  } finally {
    db.close();
  }
}
