import type { Identity, User } from '../../common/auth0.ts';
import type { RoleRecord, UserRelations } from '../state/types.ts';
import { appMetadata, userMetadata, userRelations } from './metadata.ts';
import type { Pools } from './pools.ts';
import { defaultPicture, isoDate, localPart } from './profile.ts';
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
  email: string;
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
  return value.toLowerCase().replace(/[^a-z]/g, '');
}

class UserFactory {
  readonly #random: Random;
  readonly #pools: Pools;
  readonly #emails = new Set<string>();

  constructor(random: Random, pools: Pools) {
    this.#random = random;
    this.#pools = pools;
  }

  person(domain?: string): Person {
    const random = this.#random;
    const first = random.pick(this.#pools.firstNames);
    const last = random.pick(this.#pools.lastNames);
    const host =
      domain ?? (random.chance(0.6) ? random.pick(this.#pools.personalDomains) : random.pick(this.#pools.companyDomains));
    const shapes = [`${slug(first)}.${slug(last)}`, `${slug(first)}${slug(last)}`, `${slug(first)[0]}${slug(last)}`];
    let local = random.pick(shapes);
    let email = `${local}@${host}`;
    while (this.#emails.has(email)) {
      local = `${random.pick(shapes)}${random.between(1, 9999)}`;
      email = `${local}@${host}`;
    }
    this.#emails.add(email);
    return { first, last, email };
  }

  build(kind: Kind, createdAt: number): User {
    const random = this.#random;
    const person = this.person(kind === 'saml' ? 'acme-corp.example' : kind === 'google' && random.chance(0.7) ? 'gmail.com' : undefined);
    const fullName = `${person.first} ${person.last}`;
    const nickname = localPart(person.email);
    const user: User = { user_id: '' };
    let identity: Identity;
    if (kind === 'database' || kind === 'username') {
      const id = random.hex(24);
      const connection = kind === 'database' ? DATABASE : USERNAME_DATABASE;
      identity = { connection, user_id: id, provider: 'auth0', isSocial: false };
      const named = random.chance(0.6);
      Object.assign(user, { user_id: `auth0|${id}`, email: person.email, email_verified: random.chance(0.75) });
      if (kind === 'username') user.username = `${slug(person.first).slice(0, 8)}${random.between(1, 9999)}`;
      Object.assign(user, named ? { name: fullName, given_name: person.first, family_name: person.last } : { name: person.email });
      Object.assign(user, { nickname, picture: defaultPicture(person.email, named ? fullName : person.email) });
    } else if (kind === 'google' || kind === 'github') {
      const id = kind === 'google' ? random.digits(21) : random.digits(8);
      identity = { connection: kind === 'google' ? 'google-oauth2' : 'github', user_id: id, provider: kind === 'google' ? 'google-oauth2' : 'github', isSocial: true };
      if (random.chance(0.3)) identity.access_token = kind === 'google' ? `ya29.a0${random.alphanumeric(60)}` : `gho_${random.alphanumeric(36)}`;
      Object.assign(user, { user_id: `${identity.provider}|${id}`, email: person.email, email_verified: true, name: fullName });
      if (kind === 'google') {
        Object.assign(user, { given_name: person.first, family_name: person.last, nickname, locale: 'en' });
        user.picture = `https://lh3.googleusercontent.com/a/${random.alphanumeric(40)}=s96-c`;
      } else {
        Object.assign(user, { nickname: `${slug(person.first)}-${slug(person.last)}`.slice(0, 20) });
        user.picture = `https://avatars.githubusercontent.com/u/${id}?v=4`;
      }
    } else if (kind === 'saml') {
      identity = { connection: SAML, user_id: person.email, provider: 'samlp', isSocial: false };
      Object.assign(user, { user_id: `samlp|${SAML}|${person.email}`, email: person.email, email_verified: true });
      Object.assign(user, { name: fullName, given_name: person.first, family_name: person.last, nickname });
      user.picture = defaultPicture(person.email, fullName);
    } else if (kind === 'email') {
      const id = random.hex(24);
      identity = { connection: 'email', user_id: id, provider: 'email', isSocial: false };
      Object.assign(user, { user_id: `email|${id}`, email: person.email, email_verified: true, name: person.email, nickname });
      user.picture = defaultPicture(person.email, person.email);
    } else {
      const id = random.hex(24);
      const phone = `+${random.pick(['1', '44', '33', '49', '61'])}${random.digits(10)}`;
      identity = { connection: 'sms', user_id: id, provider: 'sms', isSocial: false };
      Object.assign(user, { user_id: `sms|${id}`, phone_number: phone, phone_verified: true, name: phone, nickname: phone });
      user.picture = defaultPicture(undefined, phone);
    }
    user.identities = [identity];
    if (kind === 'database' && random.chance(0.05)) user.identities.push(this.linkedGoogle());
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
    const userMeta = userMetadata(random, this.#pools);
    if (userMeta) user.user_metadata = userMeta;
    const appMeta = appMetadata(random, this.#pools, createdAt);
    if (appMeta) user.app_metadata = appMeta;
    if (random.chance(0.02)) user.blocked = true;
    if (random.chance(0.08)) user.multifactor = ['guardian'];
  }
}

/** `count` users in creation order, spread evenly (with jitter) between 2019 and the seed epoch. */
export function seedUsers(count: number, seed: number, pools: Pools, roles: RoleRecord[]): SeededUsers {
  const random = new Random(seed);
  const factory = new UserFactory(random, pools);
  const users: User[] = new Array(count);
  const relations = new Map<string, UserRelations>();
  const step = (SEED_EPOCH_END - SEED_EPOCH_START) / Math.max(count, 1);
  for (let index = 0; index < count; index += 1) {
    const createdAt = Math.floor(SEED_EPOCH_START + index * step + random.next() * step * 0.9);
    const user = factory.build(pickKind(random), createdAt);
    users[index] = user;
    const related = userRelations(random, roles, user.email);
    if (related) relations.set(user.user_id, related);
  }
  return { users, relations };
}
