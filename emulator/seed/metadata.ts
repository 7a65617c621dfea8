import type { Metadata } from '../../common/auth0.ts';
import type { RoleRecord, UserRelations } from '../state/types.ts';
import type { Pools } from './pools.ts';
import type { Random } from './random.ts';
import { DEMO_API } from './tenant.ts';

const LANGUAGES = ['en', 'en', 'en', 'fr', 'de', 'es', 'pt-BR', 'ja', 'nl'];
const THEMES = ['light', 'dark', 'system'];
const TIERS = ['free', 'free', 'bronze', 'silver', 'gold', 'platinum'];
const APP_ROLES = ['admin', 'editor', 'viewer', 'billing', 'support'];

function some<T>(random: Random, items: readonly T[], max: number): T[] {
  const chosen = new Set<T>();
  const count = random.between(1, max);
  while (chosen.size < count) chosen.add(random.pick(items));
  return Array.from(chosen);
}

/** Nested user_metadata with arrays, as a real app would keep preferences; about a third of users have none. */
export function userMetadata(random: Random, pools: Pools): Metadata | undefined {
  if (!random.chance(0.65)) return undefined;
  const metadata: Metadata = {
    preferences: {
      language: random.pick(LANGUAGES),
      theme: random.pick(THEMES),
      notifications: { email: random.chance(0.7), sms: random.chance(0.2) },
    },
  };
  if (random.chance(0.5)) metadata.favorite_colors = some(random, pools.colors, 3);
  if (random.chance(0.6)) {
    const place = random.pick(pools.cities);
    metadata.address = { city: place.city, country: place.country, country_code: place.countryCode };
  }
  if (random.chance(0.2)) metadata.bio = `${random.pick(pools.jobTitles)} at ${random.pick(pools.companies)}`;
  return metadata;
}

export function appMetadata(random: Random, pools: Pools, createdAtMs: number): Metadata | undefined {
  if (!random.chance(0.7)) return undefined;
  const tier = random.pick(TIERS);
  const metadata: Metadata = {
    plan: {
      tier,
      seats: tier === 'free' ? 1 : random.between(2, 250),
      renews_at: new Date(createdAtMs + random.between(30, 700) * 86_400_000).toISOString().slice(0, 10),
    },
    customer_id: `cus_${random.alphanumeric(14)}`,
    roles: some(random, APP_ROLES, 2),
    flags: { beta: random.chance(0.15), newsletter: random.chance(0.5) },
  };
  if (random.chance(0.4)) metadata.tags = some(random, pools.words, 4);
  if (random.chance(0.3)) metadata.company = { name: random.pick(pools.companies), department: random.pick(pools.words) };
  return metadata;
}

export function userRelations(random: Random, roles: RoleRecord[], email: string | undefined): UserRelations | undefined {
  const relations: UserRelations = {};
  if (random.chance(0.3)) relations.roles = some(random, roles, 2).map((role) => role.id);
  if (random.chance(0.05)) {
    relations.permissions = some(random, DEMO_API.scopes, 2).map((scope) => ({
      permission_name: scope.value,
      resource_server_identifier: DEMO_API.identifier,
    }));
  }
  if (email !== undefined && random.chance(0.005)) {
    relations.blocks = [{ identifier: email, ip: `203.0.113.${random.between(1, 254)}` }];
  }
  return relations.roles || relations.permissions || relations.blocks ? relations : undefined;
}
