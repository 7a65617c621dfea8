// The offline cache against the emulator, query by query. The emulator's seeded tenant is synced
// into a cache through a real export job; then every query is asked of both: over HTTP
// (GET /api/v2/users, paged to Auth0's cap of 1000) and offline. Under the cap the two result
// sets must be equal; past it the API shows only the first 1000, and the cache must return every
// match (as many as the API's total, each once, including every user the API did show).
// Every query is asked offline twice: while the synced copy's postings are being built (the
// searches scan the users), and once they are built (the searches read the postings).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { startEmulator, type EmulatorHandle } from '../../../emulator/index.ts';
import { SqliteUserCacheStore, type UserCache } from '../../../main/cache/index.ts';
import { silentLogger } from '../../../main/log.ts';
import { SEARCH_LANGUAGE_TABLE } from '../../unit/query/search-language.table.ts';
import { EMAIL, ManualSlices, progress } from '../../unit/cache/trigram-helpers.ts';
import { fetchToken, managementApi } from '../emulator/helpers.ts';
import { fullSyncFromEmulator } from './export-sync.ts';

const USERS = 2500;
const CAP = 1000;
const PER_PAGE = 100;

/** Queries written for the seeded tenant's data (emulator/seed), beside the table's rows. */
const SEEDED_QUERIES = [
  'app_metadata.plan.tier:gold',
  'app_metadata.plan.tier:(gold OR platinum)',
  'app_metadata.roles:admin AND NOT app_metadata.roles:billing',
  'app_metadata.flags.beta:true AND email_verified:true',
  'app_metadata.plan.seats:[10 TO 50]',
  'app_metadata.plan.seats:{100 TO *]',
  'app_metadata.plan.renews_at:[2021 TO 2022]',
  'app_metadata.plan.renews_at:[2021-06 TO 2021-09}',
  'app_metadata.customer_id:cus_*',
  'app_metadata.company.department:*ing',
  '_exists_:app_metadata.company',
  'NOT _exists_:user_metadata',
  'user_metadata.address.country:Italy',
  'user_metadata.preferences.theme:dark AND user_metadata.preferences.notifications.email:true',
  '_exists_:user_metadata.favorite_colors',
  'identities.connection:"google-oauth2"',
  'identities.connection:corp-saml OR identities.provider:github',
  'identities.isSocial:true AND logins_count:[* TO 50]',
  'email:*@gmail.com',
  'email.domain:gmail.com OR email.domain:icloud.com',
  'email:jo*',
  'email:*son*',
  'name:*son',
  'name:mar*',
  'family_name:*ler',
  'given_name:(anna OR maria OR john)',
  'nickname:*ian*',
  'mar*',
  '*smith',
  'last_login:[2024-01 TO 2024-06]',
  'last_login:{* TO 2022}',
  'created_at:2021',
  'created_at:[2020-03-01 TO 2020-03-31]',
  'updated_at:[2025 TO *]',
  'logins_count:[100 TO 200]',
  'logins_count:0',
  'blocked:true',
  'NOT blocked:true AND NOT email_verified:false',
  'email_verified:false OR blocked:true',
  '(email_verified:false OR blocked:true) AND identities.isSocial:false',
  '_exists_:last_login AND NOT _exists_:multifactor',
  '_exists_:username',
  'last_ip:1*',
  'phone_number:*',
  '*:*',
];

const tableQueries = Object.values(SEARCH_LANGUAGE_TABLE).flatMap((rows) => rows.map(([query]) => query));
const QUERIES = [...new Set([...tableQueries, ...SEEDED_QUERIES])];
/** Queries with a leading wildcard (`*son*`, `*son`): those a trigram table can answer. */
const INFIX_QUERIES = QUERIES.filter((q) => /(^|[\s:(])\*[^\s*):]/.test(q));

let emulator: EmulatorHandle;
let api: ReturnType<typeof managementApi>;
let directory: string;
let store: SqliteUserCacheStore;
let cache: UserCache;
/** The trigram builds the infix queries start, held until every query has been asked by the scan. */
const slices = new ManualSlices();
/** The steps of the synced copy's posting build, held until every query has been asked before it. */
const heldSteps: (() => void)[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ users: USERS, seed: 3, tier: 'unlimited' });
  api = managementApi(emulator, await fetchToken(emulator));
  directory = mkdtempSync(join(tmpdir(), 'roster-differential-'));
  store = new SqliteUserCacheStore({
    directory,
    log: silentLogger,
    trigramBuild: slices.options(500),
    postingBuild: {
      schedule: (step) => {
        heldSteps.push(step);
        return () => {
          if (heldSteps.includes(step)) heldSteps.splice(heldSteps.indexOf(step), 1);
        };
      },
    },
  });
  cache = store.open('ten_differential0000');
  expect(await fullSyncFromEmulator(emulator, cache)).toBe(USERS);
}, 120_000);

afterAll(async () => {
  store?.dispose();
  await emulator?.stop();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

/** The API's answer: up to the first 1000 matches, and its total. */
async function expectSameAnswers(q: string): Promise<void> {
  const api = await online(q);
  const local = offline(q);
  expect(local.total).toBe(api.total);
  expect(new Set(local.ids).size).toBe(local.ids.length);
  expect(local.ids).toHaveLength(local.total);
  if (api.total <= CAP) {
    expect([...local.ids].sort()).toEqual([...api.ids].sort());
  } else {
    // Past the cap: the API showed 1000 of them; the cache has those and all the rest.
    expect(api.ids).toHaveLength(CAP);
    const offlineIds = new Set(local.ids);
    expect(api.ids.filter((id) => !offlineIds.has(id))).toEqual([]);
  }
}

async function online(q: string): Promise<{ ids: string[]; total: number }> {
  const ids: string[] = [];
  let total = 0;
  for (let page = 0; page * PER_PAGE < CAP; page++) {
    const query = new URLSearchParams({ q, page: String(page), per_page: String(PER_PAGE), include_totals: 'true' });
    const response = await api('GET', `/users?${query.toString()}`);
    expect(response.status, `${q}: ${response.text}`).toBe(200);
    const body = response.body as { users: User[]; total: number };
    total = body.total;
    ids.push(...body.users.map((user) => user.user_id));
    if ((page + 1) * PER_PAGE >= total) break;
  }
  return { ids, total };
}

/** Every match offline, paged past the cap. */
function offline(q: string): { ids: string[]; total: number } {
  const ids: string[] = [];
  for (let page = 0; ; page++) {
    const result = cache.search({ q, page, perPage: 500 });
    ids.push(...result.users.map((user) => user.user_id));
    if (result.users.length < 500) return { ids, total: result.total };
  }
}

describe('the cache answers as the emulator does', () => {
  it('runs at least 80 queries', () => {
    expect(QUERIES.length).toBeGreaterThanOrEqual(80);
  });
});

describe('while the synced copy is being indexed (the searches scan)', () => {
  it('has its posting build held', () => {
    expect(cache.state().indexing).toBe(0);
    expect(heldSteps.length).toBe(1);
  });
  describeQueries();
});

describe('once the synced copy is indexed (the searches read the postings)', () => {
  it('builds the postings', async () => {
    while (heldSteps.length > 0) (heldSteps.shift() as () => void)();
    expect(cache.state().indexing).toBeNull();
  });
  describeQueries();
});

function describeQueries(): void {
  it.each(QUERIES)('%s', async (q) => {
    await expectSameAnswers(q);
  });

  it('has queries past the cap, and answers them in full offline', async () => {
    const past = { q: 'email_verified:true', api: await online('email_verified:true') };
    expect(past.api.total).toBeGreaterThan(CAP);
    const everyone = offline('*:*');
    expect(everyone.total).toBe(USERS);
    expect(new Set(everyone.ids).size).toBe(USERS);
    // A page Auth0 refuses (records past 1000) is just another page offline.
    const deep = cache.search({ q: past.q, page: 11, perPage: 100 });
    expect(deep.start).toBe(1100);
    expect(deep.users.length).toBe(Math.min(100, past.api.total - 1100));
    const refused = await api('GET', `/users?q=${encodeURIComponent(past.q)}&page=11&per_page=100`);
    expect(refused.status).toBe(400);
  });

  it('sorts as the emulator does on profile fields (the first page, ties in the same order)', async () => {
    for (const [q, sort] of [
      ['app_metadata.plan.tier:gold', 'last_login:-1'],
      ['email.domain:gmail.com', 'email:1'],
      ['identities.isSocial:true', 'logins_count:1'],
      ['*:*', 'updated_at:1'],
      ['name:mar*', 'created_at:-1'],
    ] as const) {
      const query = new URLSearchParams({ q, sort, per_page: '100', include_totals: 'true' });
      const response = await api('GET', `/users?${query.toString()}`);
      const body = response.body as { users: User[]; total: number };
      expect(body.users.length).toBeGreaterThan(10);
      const local = cache.search({ q, sort, page: 0, perPage: 100 });
      expect(local.users.map((user) => user.user_id)).toEqual(body.users.map((user) => user.user_id));
    }
  });

  it('sorts on metadata alike before and after the postings are built', () => {
    for (const [q, sort] of [
      ['*:*', 'app_metadata.plan.seats:1'],
      ['*:*', 'app_metadata.plan.tier:-1'],
      ['email_verified:true', 'user_metadata.address.country:1'],
      ['*:*', 'app_metadata.roles:-1'],
      ['*:*', 'app_metadata.plan.renews_at:1'],
    ] as const) {
      for (const page of [0, 3]) {
        const ids = cache.search({ q, sort, page, perPage: 300 }).users.map((user) => user.user_id);
        const key = `${q} ${sort} ${page}`;
        if (metadataSorted.has(key)) expect(ids, key).toEqual(metadataSorted.get(key));
        else metadataSorted.set(key, ids);
      }
    }
  });
}

/** The first answers to each metadata sort, which the second must equal. */
const metadataSorted = new Map<string, string[]>();

describe('infix queries once their trigram tables are built', () => {
  it('builds a table for every field the infix queries searched', () => {
    expect(INFIX_QUERIES.length).toBeGreaterThanOrEqual(10);
    // Until now every infix query was answered by the scan: no slice has run.
    expect(progress(store.pathOf(cache.tenantId))).toEqual([]);
    expect(slices.pending).toBe(1);
    slices.runAll();
    const built = progress(store.pathOf(cache.tenantId));
    // email (*son*, *smith*example*), nickname (*ian*) and more; suffixes of reversed fields need none.
    expect(built.map((row) => row.f)).toContain(EMAIL);
    expect(built.length).toBeGreaterThanOrEqual(3);
    expect(built.every((row) => row.done === 1)).toBe(true);
  });

  it.each(INFIX_QUERIES)('%s', async (q) => {
    await expectSameAnswers(q);
  });
});
