import { TenantStore } from '../state/store.ts';
import { buildPools } from './pools.ts';
import { buildTenantMeta } from './tenant.ts';
import { seedUsers } from './users.ts';

/** A fresh tenant: connections, roles and clients, and `userCount` users, all derived from `seed`. */
export function seedTenant(userCount: number, seed: number): TenantStore {
  const meta = buildTenantMeta(seed);
  const store = new TenantStore(meta);
  const { users, relations } = seedUsers(userCount, seed, buildPools(seed), meta.roles);
  store.loadUsers(users, relations);
  return store;
}
