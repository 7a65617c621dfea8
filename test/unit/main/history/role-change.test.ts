// A role assignment or removal in the change history (issue 18): recorded by role name, with the
// roles the user held before and holds after, read from Auth0 around the write; a failed write is
// recorded with what was intended, by name too.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Role, User } from '../../../../common/auth0.ts';
import type { RolesPage } from '../../../../common/users.ts';
import type { HistoryEntry } from '../../../../common/history.ts';
import type { ManagementApi } from '../../../../main/auth0/management-api.ts';
import { AppError } from '../../../../main/errors.ts';
import type { ChangeInput } from '../../../../main/history/history-service.ts';
import { silentLogger } from '../../../../main/log.ts';
import { Connectivity } from '../../../../main/sync/connectivity.ts';
import { UsersService } from '../../../../main/users/users-service.ts';
import { FakeClock } from '../fakes.ts';
import { FakeUserCacheStore } from '../sync/fake-cache.ts';

const tenantId = 'ten_AAAAAAAAAAAAAAAA';
const userId = 'auth0|ada';
const ROLES: Role[] = [
  { id: 'rol_admin', name: 'Administrator' },
  { id: 'rol_editor', name: 'Editor' },
  { id: 'rol_viewer', name: 'Viewer' },
];

class RolesApi {
  held = new Set<string>(['rol_editor']);
  failAssign: AppError | null = null;

  page(roles: Role[]): RolesPage {
    return { roles, start: 0, limit: 100, total: roles.length } as RolesPage;
  }
  async getUserRoles(): Promise<RolesPage> {
    return this.page(ROLES.filter((role) => this.held.has(role.id)));
  }
  async listRoles(): Promise<RolesPage> {
    return this.page(ROLES);
  }
  async assignRoles(_userId: string, roleIds: string[]): Promise<void> {
    if (this.failAssign) throw this.failAssign;
    for (const id of roleIds) this.held.add(id);
  }
  async removeRoles(_userId: string, roleIds: string[]): Promise<void> {
    for (const id of roleIds) this.held.delete(id);
  }
  async getUser(): Promise<User> {
    return { user_id: userId, email: 'ada@example.com' };
  }
}

let api: RolesApi;
let recorded: ChangeInput[];
let service: UsersService;

beforeEach(() => {
  api = new RolesApi();
  recorded = [];
  const connectivity = new Connectivity({
    clock: new FakeClock(),
    random: () => 0.5,
    probe: async () => true,
    workOffline: () => false,
    emit: () => undefined,
    log: silentLogger,
  });
  service = new UsersService({
    access: {
      withApi: <T>(_id: string, call: (api: ManagementApi) => Promise<T>) => call(api as unknown as ManagementApi),
      nameOf: () => 'Acme',
    },
    caches: new FakeUserCacheStore(),
    connectivity,
    log: silentLogger,
    history: {
      record: (input) => {
        recorded.push(input);
        return { ...input, id: 'chg_AAAAAAAAAAAAAAAA', at: new Date().toISOString() } as HistoryEntry;
      },
    },
  });
});

describe('role changes in the change history', () => {
  it('records an assignment by name, with the role the user already had before and after', async () => {
    await service.assignRoles({ tenantId, userId }, ['rol_admin']);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ action: 'assign-roles', outcome: { ok: true } });
    expect(recorded[0]?.changes).toEqual([{ field: 'roles', before: ['Editor'], after: ['Administrator', 'Editor'] }]);
  });

  it('records a removal by name, down to none', async () => {
    await service.removeRoles({ tenantId, userId }, ['rol_editor']);
    expect(recorded[0]?.changes).toEqual([{ field: 'roles', before: ['Editor'], after: [] }]);
  });

  it('records a refused assignment with what was intended, by name', async () => {
    api.failAssign = new AppError('insufficient_scope', 'The application lacks update:users.', { status: 403 });
    await expect(service.assignRoles({ tenantId, userId }, ['rol_viewer'])).rejects.toThrow('update:users');
    expect(recorded[0]).toMatchObject({ action: 'assign-roles', outcome: { ok: false, code: 'insufficient_scope' } });
    expect(recorded[0]?.changes).toEqual([{ field: 'roles', before: ['Editor'], after: ['Editor', 'Viewer'] }]);
  });

  it('still records the write when the roles cannot be read (no read:roles)', async () => {
    api.getUserRoles = () => Promise.reject(new AppError('insufficient_scope', 'lacks read:roles', { status: 403 }));
    await service.assignRoles({ tenantId, userId }, ['rol_admin']);
    expect(recorded[0]).toMatchObject({
      outcome: { ok: true },
      changes: [{ field: 'roles assigned', after: ['Administrator'] }],
    });
    expect(api.held.has('rol_admin')).toBe(true);
  });
});
