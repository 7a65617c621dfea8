// The names of every IPC channel and pushed event, without their schemas, so that the sandboxed
// preload can refuse anything else without bundling the schema library. common/contract.ts
// holds the schemas and is checked against these lists at compile time.

export const CHANNEL_NAMES = [
  'app:info',
  'app:open-external',
  'settings:get',
  'settings:set',
  'tenants:list',
  'tenants:add',
  'tenants:update',
  'tenants:remove',
  'tenants:select',
  'tenants:test',
  'users:list',
  'users:get',
  'users:create',
  'users:update',
  'users:delete',
  'users:block',
  'users:unblock',
  'users:brute-force-blocks',
  'users:clear-brute-force-blocks',
  'users:roles',
  'users:assign-roles',
  'users:remove-roles',
  'users:permissions',
  'users:logs',
  'users:enrollments',
  'users:organizations',
  'users:send-verification-email',
  'users:password-change-ticket',
  'roles:list',
  'connections:list',
  'tokens:inspect',
  'sync:start',
  'sync:incremental',
  'sync:status',
  'sync:settings',
  'cache:forget',
  'cache:metadata-paths',
  'connectivity:set-offline',
  'tenants:capabilities',
  'users:export',
  'history:list',
  'history:undo',
  'users:unlink-identity',
] as const;

export const EVENT_NAMES = [
  'menu:command',
  'tenants:changed',
  'tenants:token-expired',
  'sync:progress',
  'connectivity:changed',
  'users:export-progress',
  'settings:changed',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

// The two Electron channels the whole contract travels over (see main/ipc/router.ts).
export const IPC_CALL = 'roster:call';
export const IPC_CANCEL = 'roster:cancel';
export const IPC_EVENT = 'roster:event';
