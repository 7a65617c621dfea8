import type { User } from '../../common/auth0.ts';
import type { ConnectionRecord, RoleRecord, TenantMeta, UserRelations } from './types.ts';

/**
 * The tenant in memory. Users are immutable values: a change replaces the object, so a list handed to
 * search or an export that is being written never sees a half-applied edit, and seed data may share
 * nested objects between users safely. Map order is creation order, which is the order of the
 * unsorted user list.
 */
export class TenantStore {
  readonly meta: TenantMeta;
  #users = new Map<string, User>();
  #relations = new Map<string, UserRelations>();
  #byEmail = new Map<string, string[]>();
  #byUsername = new Map<string, string>();
  #roles = new Map<string, RoleRecord>();
  #snapshot: User[] | null = null;
  #listeners = new Set<() => void>();

  constructor(meta: TenantMeta) {
    this.meta = meta;
    for (const role of meta.roles) this.#roles.set(role.id, role);
  }

  get userCount(): number {
    return this.#users.size;
  }

  /** Every user in creation order; the same array until the next change. */
  users(): readonly User[] {
    this.#snapshot ??= Array.from(this.#users.values());
    return this.#snapshot;
  }

  getUser(id: string): User | undefined {
    return this.#users.get(id);
  }

  usersByEmail(email: string): User[] {
    return (this.#byEmail.get(email) ?? []).map((id) => this.#users.get(id)).filter((user) => user !== undefined);
  }

  findByEmailInConnection(connection: string, email: string): User | undefined {
    // Database and passwordless connections store emails lower-cased, so the exact index suffices.
    return this.usersByEmail(email.toLowerCase()).find((user) => primaryConnection(user) === connection);
  }

  findByUsernameInConnection(connection: string, username: string): User | undefined {
    const id = this.#byUsername.get(`${connection}\n${username.toLowerCase()}`);
    return id === undefined ? undefined : this.#users.get(id);
  }

  putUser(user: User): void {
    const previous = this.#users.get(user.user_id);
    if (previous) this.#unindex(previous);
    this.#users.set(user.user_id, user);
    this.#index(user);
    this.#changed();
  }

  /** Inserts many users at once (seed, load), notifying listeners once. */
  loadUsers(users: Iterable<User>, relations?: Map<string, UserRelations>): void {
    for (const user of users) {
      this.#users.set(user.user_id, user);
      this.#index(user);
    }
    if (relations) for (const [id, value] of relations) this.#relations.set(id, value);
    this.#changed();
  }

  deleteUser(id: string): boolean {
    const user = this.#users.get(id);
    if (!user) return false;
    this.#unindex(user);
    this.#users.delete(id);
    this.#relations.delete(id);
    this.#changed();
    return true;
  }

  relations(id: string): UserRelations {
    return this.#relations.get(id) ?? {};
  }

  allRelations(): ReadonlyMap<string, UserRelations> {
    return this.#relations;
  }

  setRelations(id: string, relations: UserRelations): void {
    this.#relations.set(id, relations);
    this.#changed(false);
  }

  roles(): RoleRecord[] {
    return Array.from(this.#roles.values());
  }

  getRole(id: string): RoleRecord | undefined {
    return this.#roles.get(id);
  }

  putRole(role: RoleRecord): void {
    this.#roles.set(role.id, role);
    this.meta.roles = Array.from(this.#roles.values());
    this.#changed(false);
  }

  connectionByName(name: string): ConnectionRecord | undefined {
    return this.meta.connections.find((connection) => connection.name === name);
  }

  connectionById(id: string): ConnectionRecord | undefined {
    return this.meta.connections.find((connection) => connection.id === id);
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells listeners (persistence); drops the user snapshot only when users changed, so search keeps its columns. */
  #changed(usersChanged = true): void {
    if (usersChanged) this.#snapshot = null;
    for (const listener of this.#listeners) listener();
  }

  #index(user: User): void {
    if (user.email !== undefined) {
      const ids = this.#byEmail.get(user.email);
      if (ids) ids.push(user.user_id);
      else this.#byEmail.set(user.email, [user.user_id]);
    }
    if (user.username !== undefined) {
      this.#byUsername.set(`${primaryConnection(user)}\n${user.username.toLowerCase()}`, user.user_id);
    }
  }

  #unindex(user: User): void {
    if (user.email !== undefined) {
      const remaining = (this.#byEmail.get(user.email) ?? []).filter((id) => id !== user.user_id);
      if (remaining.length > 0) this.#byEmail.set(user.email, remaining);
      else this.#byEmail.delete(user.email);
    }
    if (user.username !== undefined)
      this.#byUsername.delete(`${primaryConnection(user)}\n${user.username.toLowerCase()}`);
  }
}

export function primaryConnection(user: User): string | undefined {
  return user.identities?.[0]?.connection;
}
