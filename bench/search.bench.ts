// Emulator user search over 100,000 users: `node bench/search.bench.ts`.
// Prints one p95 line per query and `bench search.p50.100k` / `bench search.p95.100k` over all of
// them, on a snapshot already searched once (its columns built); then `search.first.*`, the first
// search of a tenant (columns built from scratch), and `search.after-write.*`, the first search of
// the snapshot that follows a one-user write (columns mostly copied). The users come from the
// emulator's seeder when it is there, else from the small deterministic generator below (the line
// `users from ...` says which).
import type { User } from '../common/auth0.ts';
import { searchUsers } from '../emulator/search/index.ts';

const USER_COUNT = 100_000;
const RUNS_PER_QUERY = 40;
const WARMUP_RUNS = 5;
const AFTER_WRITE_ROUNDS = 3;

const QUERIES: { name: string; q: string; sort?: string }[] = [
  { name: 'email-prefix', q: 'email:jo*' },
  { name: 'connection', q: 'identities.connection:"google-oauth2"' },
  { name: 'metadata-path', q: 'app_metadata.plan.tier:"gold"' },
  { name: 'last-login-range', q: 'last_login:[2024-01 TO 2024-06]' },
  { name: 'boolean-combo', q: 'email_verified:true AND NOT blocked:true AND logins_count:[10 TO *]' },
  { name: 'email-domain-sorted', q: 'email.domain:"gmail.com"', sort: 'last_login:-1' },
  { name: 'name-suffix', q: 'name:*son' },
  { name: 'bare-prefix', q: 'mar*' },
];

async function loadUsers(): Promise<{ users: readonly User[]; source: string }> {
  try {
    const seed = (await import('../emulator/seed/index.ts')) as { seedTenant?: unknown };
    if (typeof seed.seedTenant === 'function') {
      const store = seed.seedTenant(USER_COUNT, 1) as { users(): readonly User[] };
      const users = store.users();
      if (users.length === USER_COUNT) return { users, source: 'emulator/seed seedTenant' };
    }
  } catch (error) {
    console.error(`emulator seeder unavailable (${(error as Error).message}); using the local generator`);
  }
  return { users: generateUsers(USER_COUNT), source: 'the local generator' };
}

/** A deterministic stand-in for the emulator's seeder: same field shapes, simpler values. */
function generateUsers(count: number): User[] {
  let state = 42;
  const random = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const firsts = ['Maria', 'John', 'Jane', 'Joe', 'Ana', 'Li', 'Omar', 'Sara', 'Marco', 'Eva', 'Noah', 'Mia'];
  const lasts = ['Smith', 'Johnson', 'Garcia', 'Lee', 'Brown', 'Nguyen', 'Martin', 'Anderson', 'Kim', 'Silva'];
  const domains = ['gmail.com', 'example.com', 'outlook.com', 'corp.example', 'mail.example'];
  const connections = ['Username-Password-Authentication', 'google-oauth2', 'github', 'corp-saml', 'email'];
  const start = Date.parse('2019-01-01T00:00:00.000Z');
  const span = Date.parse('2025-11-01T00:00:00.000Z') - start;
  return Array.from({ length: count }, (_, index): User => {
    const first = pick(firsts);
    const last = pick(lasts);
    const connection = pick(connections);
    const createdAt = start + Math.floor((index / count) * span);
    const user: User = {
      user_id: `auth0|${index.toString(16).padStart(24, '0')}`,
      email: `${first}.${last}${index}@${pick(domains)}`.toLowerCase(),
      email_verified: random() < 0.75,
      name: `${first} ${last}`,
      given_name: first,
      family_name: last,
      nickname: `${first}.${last}${index}`.toLowerCase(),
      identities: [{ connection, user_id: String(index), provider: connection, isSocial: connection !== 'email' }],
      created_at: new Date(createdAt).toISOString(),
      updated_at: new Date(createdAt).toISOString(),
      app_metadata: { plan: { tier: pick(['free', 'bronze', 'silver', 'gold']) }, roles: [pick(['admin', 'viewer'])] },
    };
    if (random() < 0.8) {
      user.last_login = new Date(createdAt + Math.floor(random() * (start + span - createdAt))).toISOString();
      user.logins_count = 1 + Math.floor(random() * 300);
    }
    if (random() < 0.02) user.blocked = true;
    return user;
  });
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number;
}

function format(ms: number): string {
  return ms.toFixed(1);
}

const { users, source } = await loadUsers();
console.log(`users from ${source}: ${users.length}`);

const all: number[] = [];
for (const { name, q, sort } of QUERIES) {
  for (let run = 0; run < WARMUP_RUNS; run++) searchUsers(users, q, { sort });
  const times: number[] = [];
  let matches = 0;
  for (let run = 0; run < RUNS_PER_QUERY; run++) {
    const began = performance.now();
    matches = searchUsers(users, q, { sort }).length;
    times.push(performance.now() - began);
  }
  times.sort((a, b) => a - b);
  all.push(...times);
  console.log(`bench search.${name}.p95.100k: ${format(percentile(times, 0.95))} ms`);
  console.log(`  ${q}${sort ? ` sort=${sort}` : ''}: ${matches} matches, p50 ${format(percentile(times, 0.5))} ms`);
}
all.sort((a, b) => a - b);
console.log(`bench search.p50.100k: ${format(percentile(all, 0.5))} ms`);
console.log(`bench search.p95.100k: ${format(percentile(all, 0.95))} ms`);

// The first search of a tenant: every column the query reads is built from the user objects.
const first: number[] = [];
for (const { q, sort } of QUERIES) {
  const fresh = users.map((user) => ({ ...user }));
  const began = performance.now();
  searchUsers(fresh, q, { sort });
  first.push(performance.now() - began);
}
first.sort((a, b) => a - b);
console.log(`bench search.first.p50.100k: ${format(percentile(first, 0.5))} ms`);
console.log(`bench search.first.max.100k: ${format(first[first.length - 1] as number)} ms`);

// The first search after a write: the store's new snapshot differs from the last one by one user.
const afterWrite: number[] = [];
let snapshot = users.slice();
for (let round = 0; round < AFTER_WRITE_ROUNDS; round++) {
  for (const { q, sort } of QUERIES) {
    searchUsers(snapshot, q, { sort });
    const next = snapshot.slice();
    const changed = (round * QUERIES.length * 7919) % next.length;
    next[changed] = { ...(next[changed] as User), name: `Renamed ${round}` };
    snapshot = next;
    const began = performance.now();
    searchUsers(snapshot, q, { sort });
    afterWrite.push(performance.now() - began);
  }
}
afterWrite.sort((a, b) => a - b);
console.log(`bench search.after-write.p50.100k: ${format(percentile(afterWrite, 0.5))} ms`);
console.log(`bench search.after-write.p95.100k: ${format(percentile(afterWrite, 0.95))} ms`);
