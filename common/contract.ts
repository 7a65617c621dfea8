// Every IPC channel once: its name, the schema main parses its argument with, and its result
// type. Main validates with these schemas; preload and renderer import types only.
import { z } from 'zod';
import type { AppInfo } from './app-info.ts';
import type { BruteForceBlock, Connection, Enrollment, Identity, Job, User } from './auth0.ts';
import type { ChannelName, EventName } from './channels.ts';
import {
  addTenantArgs,
  tenantIdArgs,
  tenantIdSchema,
  tenantListSchema,
  testTenantArgs,
  updateTenantArgs,
  type ConnectionTest,
  type TenantCapabilities,
  type TenantAdded,
  type TenantList,
  type TenantView,
} from './tenant.ts';
import {
  createUserSchema,
  getUserArgs,
  listRolesArgs,
  listUsersArgs,
  pagedUserArgs,
  passwordChangeTicketArgs,
  tenantArgs,
  unlinkIdentityArgs,
  updateUserSchema,
  userArgs,
  userLogsArgs,
  exportUsersArgs,
  type UsersExported,
  userRolesChangeArgs,
  type LogsPage,
  type OrganizationsPage,
  type PasswordChangeTicket,
  type PermissionsPage,
  type RolesPage,
} from './users.ts';
import { inspectTokenArgs, type TokenInspection } from './tokens.ts';
import { appSettingsSchema, setAppSettingsArgs, type AppSettings } from './settings.ts';
import { listHistoryArgs, undoChangeArgs, type HistoryEntryView, type UndoResult } from './history.ts';
import {
  connectivitySchema,
  setOfflineArgs,
  syncProgressSchema,
  syncSettingsArgs,
  syncStatusArgs,
  syncTenantArgs,
  type SyncSettings,
  type SyncStatus,
  type SyncSummary,
  type UserWithOrigin,
  type UsersListPage,
} from './sync.ts';

export interface ChannelSpec<A extends z.ZodType, R> {
  args: A;
  /** Phantom: carries the result type, never set at run time. */
  result?: R;
}

/** `channel<Result>()(argsSchema)`: the result type is given, the argument type is inferred. */
function channel<R>() {
  return <A extends z.ZodType>(args: A): ChannelSpec<A, R> => ({ args });
}

const noArgs = z.strictObject({});

export const MENU_COMMANDS = [
  'tenant:add',
  'tenant:next',
  'tenant:previous',
  'tenant:switch-1',
  'tenant:switch-2',
  'tenant:switch-3',
  'tenant:switch-4',
  'tenant:switch-5',
  'tenant:switch-6',
  'tenant:switch-7',
  'tenant:switch-8',
  'tenant:switch-9',
  'search:focus',
  'about:show',
  'settings:show',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export const contract = {
  'app:info': channel<AppInfo>()(noArgs),
  'app:open-external': channel<void>()(z.strictObject({ url: z.string().max(2048) })),
  /** The app's own settings (common/settings.ts): the theme. */
  'settings:get': channel<AppSettings>()(noArgs),
  /** Saves and applies them (native UI follows the theme); answers the settings now in force. */
  'settings:set': channel<AppSettings>()(setAppSettingsArgs),

  // Tenants (main/tenants). Secrets are write-only: `auth` goes in, no result holds a secret.
  'tenants:list': channel<TenantList>()(noArgs),
  'tenants:add': channel<TenantAdded>()(addTenantArgs),
  'tenants:update': channel<TenantView>()(updateTenantArgs),
  'tenants:remove': channel<void>()(tenantIdArgs),
  'tenants:select': channel<void>()(tenantIdArgs),
  /** Obtains a token and reports the granted scopes; `{ id }` or `{ draft }`. */
  'tenants:test': channel<ConnectionTest>()(testTenantArgs),

  // Users of one tenant (main/users), through the Management API.
  // Reads answer online or from the offline cache (common/sync.ts ReadOrigin says which).
  'users:list': channel<UsersListPage>()(listUsersArgs),
  'users:get': channel<UserWithOrigin>()(getUserArgs),
  'users:create': channel<User>()(z.strictObject({ ...tenantArgs, user: createUserSchema })),
  'users:update': channel<User>()(z.strictObject({ ...userArgs, changes: updateUserSchema })),
  'users:delete': channel<void>()(z.strictObject(userArgs)),
  'users:block': channel<User>()(z.strictObject(userArgs)),
  'users:unblock': channel<User>()(z.strictObject(userArgs)),
  'users:brute-force-blocks': channel<BruteForceBlock[]>()(z.strictObject(userArgs)),
  'users:clear-brute-force-blocks': channel<void>()(z.strictObject(userArgs)),
  'users:roles': channel<RolesPage>()(pagedUserArgs),
  'users:assign-roles': channel<void>()(userRolesChangeArgs),
  'users:remove-roles': channel<void>()(userRolesChangeArgs),
  'users:permissions': channel<PermissionsPage>()(pagedUserArgs),
  'users:logs': channel<LogsPage>()(userLogsArgs),
  'users:enrollments': channel<Enrollment[]>()(z.strictObject(userArgs)),
  'users:organizations': channel<OrganizationsPage>()(pagedUserArgs),
  'users:send-verification-email': channel<Job>()(z.strictObject(userArgs)),
  'users:password-change-ticket': channel<PasswordChangeTicket>()(passwordChangeTicketArgs),
  'roles:list': channel<RolesPage>()(listRolesArgs),
  'connections:list': channel<Connection[]>()(z.strictObject(tenantArgs)),

  // The token inspector (main/tokens): a pasted token is judged, never stored or sent elsewhere.
  'tokens:inspect': channel<TokenInspection>()(inspectTokenArgs),

  // The offline cache and sync (main/sync). Progress arrives as `sync:progress` events that
  // carry the id of the call that started the sync; cancelling that call stops it.
  'sync:start': channel<SyncSummary>()(syncTenantArgs),
  'sync:incremental': channel<SyncSummary>()(syncTenantArgs),
  /** `opened: true` when the window opens the tenant: a stale cache then syncs by itself. */
  'sync:status': channel<SyncStatus>()(syncStatusArgs),
  'sync:settings': channel<SyncSettings>()(syncSettingsArgs),
  'cache:forget': channel<void>()(syncTenantArgs),
  /** Every metadata path the tenant's offline cache holds (for completion and columns); none when nothing is cached. */
  'cache:metadata-paths': channel<string[]>()(syncTenantArgs),
  'connectivity:set-offline': channel<SyncStatus>()(setOfflineArgs),

  /** What the tenant's token allows, from the token it already has or gets; lists no users. */
  'tenants:capabilities': channel<TenantCapabilities>()(tenantIdArgs),
  /** Asks where to save, then writes every match (the cache) or up to 1,000 (online); progress as events. */
  'users:export': channel<UsersExported>()(exportUsersArgs),

  // The local change history (main/history): every write Roster made, per tenant, newest first.
  'history:list': channel<HistoryEntryView[]>()(listHistoryArgs),
  /** A new PATCH restoring the recorded values; `conflict` when they changed since, unless `force`. */
  'history:undo': channel<UndoResult>()(undoChangeArgs),
  /** Unlinks a secondary identity; answers the identities that remain. */
  'users:unlink-identity': channel<Identity[]>()(unlinkIdentityArgs),
} satisfies Record<ChannelName, ChannelSpec<z.ZodType, unknown>>;

export const events = {
  'menu:command': z.strictObject({ command: z.enum(MENU_COMMANDS) }),
  /** The settings changed from the View menu's Appearance items. */
  'settings:changed': appSettingsSchema,
  /** The whole list after any change, including the demo tenant coming up. */
  'tenants:changed': tenantListSchema,
  /** A pasted token lapsed: the user has to paste a new one. */
  'tenants:token-expired': z.strictObject({ tenantId: tenantIdSchema, message: z.string() }),
  'sync:progress': syncProgressSchema,
  /** A tenant went offline (unreachable, or "Work offline") or came back. */
  'connectivity:changed': connectivitySchema,
  /** An export's progress, with the id of the `users:export` call. */
  'users:export-progress': z.strictObject({
    callId: z.string(),
    written: z.number().min(0),
    total: z.number().min(0),
  }),
} satisfies Record<EventName, z.ZodType>;

type Contract = typeof contract;
/** What the renderer passes. */
export type ChannelArgs<C extends ChannelName> = z.input<Contract[C]['args']>;
/** What a handler receives once the argument is parsed. */
export type ParsedArgs<C extends ChannelName> = z.output<Contract[C]['args']>;
export type ChannelResult<C extends ChannelName> = Exclude<Contract[C]['result'], undefined>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
