// The users, roles and connections channels: thin, each a call into UsersService (or, for what
// the cache does not hold, OnlineReads). The request of each stops when the renderer cancels the
// call (context.signal).
import type { OnlineReads } from '../users/online-reads.ts';
import type { UsersService } from '../users/users-service.ts';
import type { Handlers } from './router.ts';

export type UserChannel = Exclude<
  Extract<keyof Handlers, `users:${string}` | 'roles:list' | 'connections:list'>,
  'users:export'
>;

export function createUserHandlers(users: UsersService, reads: OnlineReads): Pick<Handlers, UserChannel> {
  return {
    'users:list': (args, { signal }) => users.list(args, signal),
    'users:get': (args, { signal }) => users.get(args, signal),
    'users:create': ({ tenantId, user }, { signal }) => users.create(tenantId, user, signal),
    'users:update': ({ changes, ...ref }, { signal }) => users.update(ref, changes, signal),
    'users:delete': (ref, { signal }) => users.delete(ref, signal),
    'users:block': (ref, { signal }) => users.setBlocked(ref, true, signal),
    'users:unblock': (ref, { signal }) => users.setBlocked(ref, false, signal),
    'users:brute-force-blocks': (ref, { signal }) => reads.bruteForceBlocks(ref, signal),
    'users:clear-brute-force-blocks': (ref, { signal }) => users.clearBruteForceBlocks(ref, signal),
    'users:roles': (args, { signal }) => reads.roles(args, signal),
    'users:assign-roles': ({ roleIds, ...ref }, { signal }) => users.assignRoles(ref, roleIds, signal),
    'users:remove-roles': ({ roleIds, ...ref }, { signal }) => users.removeRoles(ref, roleIds, signal),
    'users:permissions': (args, { signal }) => reads.permissions(args, signal),
    'users:logs': (args, { signal }) => reads.logs(args, signal),
    'users:enrollments': (ref, { signal }) => reads.enrollments(ref, signal),
    'users:organizations': (args, { signal }) => reads.organizations(args, signal),
    'users:send-verification-email': (ref, { signal }) => users.sendVerificationEmail(ref, signal),
    'users:password-change-ticket': (args, { signal }) => users.passwordChangeTicket(args, signal),
    'users:unlink-identity': (args, { signal }) => users.unlinkIdentity(args, signal),
    'roles:list': (args, { signal }) => reads.tenantRoles(args, signal),
    'connections:list': ({ tenantId }, { signal }) => reads.connections(tenantId, signal),
  };
}
