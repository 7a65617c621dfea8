import type { Identity, User } from '../../common/auth0.ts';
import type { RoleRecord, UserRelations } from '../state/types.ts';
import { MetadataFactory } from './metadata.ts';
import type { Pools } from './pools.ts';
import { defaultPicture, isoDate } from './profile.ts';
import { Random } from './random.ts';
import { DATABASE, SAML, USERNAME_DATABASE } from './tenant.ts';

/** Seeded data is dated relative to this fixed instant so that a seed always yields the same tenant. */
export const SEED_EPOCH_END = Date.parse('2025-11-01T00:00:00.000Z');
const SEED_EPOCH_START = Date.parse('2019-03-01T00:00:00.000Z');

type Kind = 'database' | 'username' | 'google' | 'github' | 'saml' | 'email' | 'sms';
const KINDS: [Kind, number][] = [
  ['database', 0.55],
  ['username', 0.08],
  ['google', 0.15],
  ['github', 0.07],
  ['saml', 0.08],
  ['email', 0.05],
  ['sms', 0.02],
];

export interface SeededUsers {
  users: User[];
  relations: Map<string, UserRelations>;
}

interface Person {
  first: string;
  last: string;
  firstSlug: string;
  lastSlug: string;
  email: string;
  local: string;
}

function pickKind(random: Random): Kind {
  let roll = random.next();
  for (const [kind, weight] of KINDS) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return 'database';
}

function slug(value: string): string {
  return value.toLowerCase().replace(/[^a-z]/g, '') || 'user';
}

class UserFactory {
  readonly #random: Random;
  readonly #pools: Pools;
  readonly #firstSlugs: string[];
  readonly #lastSlugs: string[];
  readonly #emails = new Set<string>();
  readonly metadata: MetadataFactory;

  constructor(random: Random, pools: Pools, roles: RoleRecord[]) {
    this.#random = random;
    this.#pools = pools;
    this.#firstSlugs = pools.firstNames.map(slug);
    this.#lastSlugs = pools.lastNames.map(slug);
    this.metadata = new MetadataFactory(random, pools, roles);
  }

  person(domain?: string): Person {
    const random = this.#random;
    const firstIndex = random.int(this.#firstSlugs.length);
    const lastIndex = random.int(this.#lastSlugs.length);
    const firstSlug = this.#firstSlugs[firstIndex] as string;
    const lastSlug = this.#lastSlugs[lastIndex] as string;
    const pools = this.#pools;
    const host =
      domain ?? (random.chance(0.6) ? random.pick(pools.personalDomains) : random.pick(pools.companyDomains));
    const shape = random.int(3);
    const base =
      shape === 0 ? `${firstSlug}.${lastSlug}` : shape === 1 ? firstSlug + lastSlug : firstSlug[0] + lastSlug;
    let local = base;
    let email = `${local}@${host}`;
    while (this.#emails.has(email)) {
      local = `${base}${random.between(1, 9999)}`;
      email = `${local}@${host}`;
    }
    this.#emails.add(email);
    const first = pools.firstNames[firstIndex] as string;
    return { first, last: pools.lastNames[lastIndex] as string, firstSlug, lastSlug, email, local };
  }

  build(kind: Kind, createdAt: number): User {
    const random = this.#random;
    const domain =
      kind === 'saml' ? 'acme-corp.example' : kind === 'google' && random.chance(0.7) ? 'gmail.com' : undefined;
    const person = this.person(domain);
    const fullName = `${person.first} ${person.last}`;
    let user: User;
    let identity: Identity;
    if (kind === 'database' || kind === 'username') {
      const id = random.hex(24);
      identity = {
        connection: kind === 'database' ? DATABASE : USERNAME_DATABASE,
        user_id: id,
        provider: 'auth0',
        isSocial: false,
      };
      user = { user_id: `auth0|${id}`, email: person.email, email_verified: random.chance(0.75) };
      if (kind === 'username') user.username = `${person.firstSlug.slice(0, 8)}${random.between(1, 9999)}`;
      // Auth0 defaults name to the email; about half the database users got a real name at signup.
      const named = random.chance(0.6);
      user.name = named ? fullName : person.email;
      if (named) {
        user.given_name = person.first;
        user.family_name = person.last;
      }
      user.nickname = person.local;
      user.picture = defaultPicture(person.email, user.name);
    } else if (kind === 'google') {
      const id = random.digits(21);
      identity = { connection: 'google-oauth2', user_id: id, provider: 'google-oauth2', isSocial: true };
      if (random.chance(0.3)) identity.access_token = `ya29.a0${random.alphanumeric(60)}`;
      user = { user_id: `google-oauth2|${id}`, email: person.email, email_verified: true, name: fullName };
      user.given_name = person.first;
      user.family_name = person.last;
      user.nickname = person.local;
      user.picture = `https://lh3.googleusercontent.com/a/${random.alphanumeric(40)}=s96-c`;
      user.locale = 'en';
    } else if (kind === 'github') {
      const id = random.digits(8);
      identity = { connection: 'github', user_id: id, provider: 'github', isSocial: true };
      if (random.chance(0.3)) identity.access_token = `gho_${random.alphanumeric(36)}`;
      user = { user_id: `github|${id}`, email: person.email, email_verified: true, name: fullName };
      user.nickname = `${person.firstSlug}-${person.lastSlug}`.slice(0, 20);
      user.picture = `https://avatars.githubusercontent.com/u/${id}?v=4`;
    } else if (kind === 'saml') {
      // Enterprise identities carry the connection in their id: `samlp|corp-saml|jane@corp.com`.
      identity = { connection: SAML, user_id: `${SAML}|${person.email}`, provider: 'samlp', isSocial: false };
      user = { user_id: `samlp|${SAML}|${person.email}`, email: person.email, email_verified: true, name: fullName };
      user.given_name = person.first;
      user.family_name = person.last;
      user.nickname = person.local;
      user.picture = defaultPicture(person.email, fullName);
    } else if (kind === 'email') {
      const id = random.hex(24);
      identity = { connection: 'email', user_id: id, provider: 'email', isSocial: false };
      user = { user_id: `email|${id}`, email: person.email, email_verified: true, name: person.email };
      user.nickname = person.local;
      user.picture = defaultPicture(person.email, person.email);
    } else {
      const id = random.hex(24);
      const phone = `+${random.pick(['1', '44', '33', '49', '61'])}${random.digits(10)}`;
      identity = { connection: 'sms', user_id: id, provider: 'sms', isSocial: false };
      user = { user_id: `sms|${id}`, phone_number: phone, phone_verified: true, name: phone, nickname: phone };
      user.picture = defaultPicture(undefined, phone);
    }
    user.identities = kind === 'database' && random.chance(0.05) ? [identity, this.linkedGoogle()] : [identity];
    this.#activity(user, createdAt);
    return user;
  }

  /** A Google account linked to a database user: a secondary identity carries its profile in profileData. */
  linkedGoogle(): Identity {
    const person = this.person('gmail.com');
    return {
      provider: 'google-oauth2',
      user_id: this.#random.digits(21),
      connection: 'google-oauth2',
      isSocial: true,
      profileData: {
        email: person.email,
        email_verified: true,
        name: `${person.first} ${person.last}`,
        given_name: person.first,
        family_name: person.last,
      },
    };
  }

  /** Dates, logins (absent for users who never logged in), metadata, admin blocks and MFA. */
  #activity(user: User, createdAt: number): void {
    const random = this.#random;
    user.created_at = isoDate(createdAt);
    let updatedAt = createdAt + random.int(3_600_000);
    if (random.chance(0.85)) {
      const lastLogin = createdAt + Math.floor(random.next() ** 0.5 * (SEED_EPOCH_END - createdAt));
      user.last_login = isoDate(lastLogin);
      user.last_ip = random.chance(0.9)
        ? `${random.between(1, 223)}.${random.int(256)}.${random.int(256)}.${random.between(1, 254)}`
        : `2001:db8:${random.hex(4)}::${random.hex(4)}`;
      user.logins_count = 1 + Math.floor(random.next() ** 3 * 480);
      updatedAt = Math.max(updatedAt, lastLogin);
    }
    user.updated_at = isoDate(Math.min(updatedAt, SEED_EPOCH_END));
    const userMeta = this.metadata.userMetadata();
    if (userMeta) user.user_metadata = userMeta;
    const appMeta = this.metadata.appMetadata(createdAt);
    if (appMeta) user.app_metadata = appMeta;
    if (random.chance(0.02)) user.blocked = true;
    if (random.chance(0.08)) user.multifactor = ['guardian'];
  }
}

/** `count` users in creation order, spread evenly (with jitter) between 2019 and the seed epoch. */
export function seedUsers(count: number, seed: number, pools: Pools, roles: RoleRecord[]): SeededUsers {
  const random = new Random(seed);
  const factory = new UserFactory(random, pools, roles);
  const users: User[] = new Array(count);
  const relations = new Map<string, UserRelations>();
  const step = (SEED_EPOCH_END - SEED_EPOCH_START) / Math.max(count, 1);
  const ids = new Set<string>();
  for (let index = 0; index < count; index += 1) {
    const createdAt = Math.floor(SEED_EPOCH_START + index * step + random.next() * step * 0.9);
    let user = factory.build(pickKind(random), createdAt);
    // Short ids (GitHub's) can collide in a million users: draw again, as the IdP would never repeat one.
    while (ids.has(user.user_id)) user = factory.build(pickKind(random), createdAt);
    ids.add(user.user_id);
    users[index] = user;
    const related = factory.metadata.relations(user.email);
    if (related) relations.set(user.user_id, related);
  }
  return { users, relations };
}
