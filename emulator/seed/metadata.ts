import type { JsonValue, Metadata } from '../../common/auth0.ts';
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

/**
 * Nested values that many users share. Users are immutable in the store (an edit replaces the whole
 * object, and a metadata merge replaces nested objects whole), so sharing them is safe, and it keeps
 * seeding 100k users fast and small.
 */
export class MetadataFactory {
  readonly #random: Random;
  readonly #preferences: Metadata[];
  readonly #addresses: Metadata[];
  readonly #colorLists: string[][];
  readonly #tagLists: string[][];
  readonly #roleLists: string[][];
  readonly #flags: Metadata[];
  readonly #bios: string[];
  readonly #companies: Metadata[];
  readonly #roles: RoleRecord[];

  constructor(random: Random, pools: Pools, roles: RoleRecord[]) {
    this.#random = random;
    this.#roles = roles;
    const many = <T>(count: number, make: () => T): T[] => Array.from({ length: count }, make);
    this.#preferences = many(120, () => ({
      language: random.pick(LANGUAGES),
      theme: random.pick(THEMES),
      notifications: { email: random.chance(0.7), sms: random.chance(0.2) },
    }));
    this.#addresses = pools.cities.map((place) => ({
      city: place.city,
      country: place.country,
      country_code: place.countryCode,
    }));
    this.#colorLists = many(150, () => some(random, pools.colors, 3));
    this.#tagLists = many(300, () => some(random, pools.words, 4));
    this.#roleLists = many(20, () => some(random, APP_ROLES, 2));
    this.#flags = [false, true].flatMap((beta) => [false, true].map((newsletter) => ({ beta, newsletter })));
    this.#bios = many(300, () => `${random.pick(pools.jobTitles)} at ${random.pick(pools.companies)}`);
    this.#companies = many(200, () => ({ name: random.pick(pools.companies), department: random.pick(pools.words) }));
  }

  /** Nested user_metadata with arrays, as an app keeps preferences; about a third of users have none. */
  userMetadata(): Metadata | undefined {
    const random = this.#random;
    if (!random.chance(0.65)) return undefined;
    const metadata: Metadata = { preferences: random.pick(this.#preferences) };
    if (random.chance(0.5)) metadata.favorite_colors = random.pick(this.#colorLists);
    if (random.chance(0.6)) metadata.address = random.pick(this.#addresses);
    if (random.chance(0.2)) metadata.bio = random.pick(this.#bios);
    return metadata;
  }

  appMetadata(createdAtMs: number): Metadata | undefined {
    const random = this.#random;
    if (!random.chance(0.7)) return undefined;
    const tier = random.pick(TIERS);
    const renewsAt = new Date(createdAtMs + random.between(30, 700) * 86_400_000).toISOString().slice(0, 10);
    const plan: JsonValue = { tier, seats: tier === 'free' ? 1 : random.between(2, 250), renews_at: renewsAt };
    const metadata: Metadata = {
      plan,
      customer_id: `cus_${random.alphanumeric(14)}`,
      roles: random.pick(this.#roleLists),
      flags: random.pick(this.#flags),
    };
    if (random.chance(0.4)) metadata.tags = random.pick(this.#tagLists);
    if (random.chance(0.3)) metadata.company = random.pick(this.#companies);
    return metadata;
  }

  relations(email: string | undefined): UserRelations | undefined {
    const random = this.#random;
    const relations: UserRelations = {};
    if (random.chance(0.3)) relations.roles = some(random, this.#roles, 2).map((role) => role.id);
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
}
