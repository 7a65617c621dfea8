// The tenants channels: thin, each a call into TenantService (STYLE 1, 4: the router has
// already checked the sender and parsed the argument).
import type { TenantService } from '../tenants/tenant-service.ts';
import type { Handlers } from './router.ts';

export type TenantChannel = Extract<keyof Handlers, `tenants:${string}`>;

export function createTenantHandlers(tenants: TenantService): Pick<Handlers, TenantChannel> {
  return {
    'tenants:list': () => tenants.list(),
    'tenants:add': (args, { signal }) => tenants.add(args, signal),
    'tenants:update': (args, { signal }) => tenants.update(args, signal),
    'tenants:remove': ({ id }) => tenants.remove(id),
    'tenants:select': ({ id }) => tenants.select(id),
    'tenants:test': (args, { signal }) => tenants.test(args, signal),
    'tenants:capabilities': ({ id }, { signal }) => tenants.capabilities(id, signal),
  };
}
