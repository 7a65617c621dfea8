// Every search example the app shows (the search box's placeholder, the help's examples, the
// README's list) finds someone in the demo tenant, and a full name typed as the list shows it
// finds that person: run as the window sends them (quick-search.ts), against the seeded demo
// tenant through Auth0's rules over HTTP (the emulator) and through the offline cache (node:sqlite
// on disk) holding the same users.
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { startEmulator, type EmulatorHandle } from '../../../emulator/index.ts';
import { seedTenant } from '../../../emulator/seed/index.ts';
import { SqliteUserCacheStore, type UserCache } from '../../../main/cache/index.ts';
import { silentLogger } from '../../../main/log.ts';
import { DEMO_SEED, DEMO_USERS } from '../../../main/tenants/demo-tenant.ts';
import { planSearch, without } from '../../../renderer/src/lib/quick-search.ts';
import { PLACEHOLDER_EXAMPLE, SEARCH_EXAMPLES, SEARCH_PLACEHOLDER } from '../../../renderer/src/lib/search-examples.ts';
import { temporaryCacheDirectory } from '../cache/cache-files.ts';
import { fetchToken } from '../emulator/helpers.ts';

const root = resolve(import.meta.dirname, '../../..');

/** The examples README.md lists between its `search-examples` markers, one code span a line. */
function readmeExamples(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /<!-- search-examples -->([\s\S]*?)<!-- \/search-examples -->/.exec(readme)?.[1] ?? '';
  return [...block.matchAll(/^\s*- `([^`]+)`/gm)].map((match) => match[1] as string);
}

let emulator: EmulatorHandle;
let token: string;
let directory: string;
let store: SqliteUserCacheStore;
let cache: UserCache;
const demoUsers: readonly User[] = seedTenant(DEMO_USERS, DEMO_SEED).users();

beforeAll(async () => {
  emulator = await startEmulator({ users: DEMO_USERS, seed: DEMO_SEED });
  token = await fetchToken(emulator);
  directory = temporaryCacheDirectory('search-examples');
  store = new SqliteUserCacheStore({ directory, log: silentLogger });
  cache = store.open('ten_searchexamples00');
  cache.upsert(demoUsers);
}, 60_000);

afterAll(async () => {
  store?.dispose();
  rmSync(directory, { recursive: true, force: true });
  await emulator?.stop();
});

async function fromEmulator(q: string): Promise<{ total: number; users: User[] }> {
  const params = new URLSearchParams({ q, include_totals: 'true', per_page: '100', search_engine: 'v3' });
  const response = await fetch(`${emulator.url}/api/v2/users?${params}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status, `${q}: ${await response.clone().text()}`).toBe(200);
  return (await response.json()) as { total: number; users: User[] };
}

function fromCache(q: string): { total: number; users: User[] } {
  return cache.search({ q, page: 0, perPage: 100 });
}

describe('every example the app shows finds someone in the demo tenant', () => {
  const shown = [PLACEHOLDER_EXAMPLE, ...SEARCH_EXAMPLES.map((example) => example.query)];

  it('the placeholder shows an example, and the README lists examples', () => {
    expect(SEARCH_PLACEHOLDER).toContain(PLACEHOLDER_EXAMPLE);
    expect(readmeExamples().length).toBeGreaterThanOrEqual(5);
  });

  it.each([...new Set([...shown, ...readmeExamples()])])('%s', async (example) => {
    const { q } = planSearch(example);
    expect((await fromEmulator(q)).total, `${example} through the emulator`).toBeGreaterThan(0);
    expect(fromCache(q).total, `${example} through the offline cache`).toBeGreaterThan(0);
  });
});

describe('a full name typed as the list shows it', () => {
  // Demo users whose name is two or three words, as the list shows them.
  const named = demoUsers.filter((user) => /^[A-Z][a-z]+( [A-Z][a-z'-]+){1,2}$/.test(user.name ?? ''));

  it('finds the person, in any case, through the emulator and the cache; the exact ones apart', async () => {
    expect(named.length).toBeGreaterThan(20);
    for (const user of [named[0], named[7], named[named.length - 1]] as User[]) {
      const name = user.name as string;
      for (const typed of [name, name.toLowerCase(), name.toUpperCase()]) {
        const plan = planSearch(typed);
        expect(plan.exact, typed).not.toBeNull();
        const exact = plan.exact as string;
        for (const [where, ask] of [
          ['emulator', fromEmulator],
          ['cache', fromCache],
        ] as const) {
          const all = await ask(plan.q);
          const pinned = await ask(exact);
          const rest = await ask(without(plan.q, exact));
          expect(
            pinned.users.map((found) => found.user_id),
            `${typed} (${where})`,
          ).toContain(user.user_id);
          // The exact matches and the rest split the whole answer: no one twice, no one lost.
          expect(pinned.total + rest.total, `${typed} (${where})`).toBe(all.total);
          expect(rest.users.map((found) => found.user_id)).not.toContain(user.user_id);
        }
      }
    }
  });

  it('the start of a full name finds the person too', async () => {
    const user = named[3] as User;
    const typed = (user.name as string).slice(0, -2).toLowerCase();
    const { q } = planSearch(typed);
    const him = `(${q}) AND user_id:"${user.user_id.replace(/(["\\])/g, '\\$1')}"`;
    expect((await fromEmulator(him)).total, typed).toBe(1);
    expect(fromCache(him).total, typed).toBe(1);
  });
});
