// The guard before a role assignment (issue 18): a role whose name or description marks it as
// privileged, and any role on a production tenant, is assigned only after a confirmation that
// names what it grants; other roles are assigned at once.
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../common/auth0.ts';
import RolesTab from '../../../renderer/src/components/profile/RolesTab.svelte';
import { isPrivilegedRole, roleGuardFor } from '../../../renderer/src/lib/role-guard.ts';
import { bridge } from './fake-bridge.ts';

afterEach(() => cleanup());
beforeEach(() => bridge.reset());

const tenantId = 'ten_ROLEGUARDAAAAAA';
const administrator: Role = {
  id: 'rol_admin',
  name: 'Administrator',
  description: 'Full access to every part of the product',
};
const viewer: Role = { id: 'rol_viewer', name: 'Viewer', description: 'Read-only access to reports' };

function serveRoles(): void {
  bridge.handle('users:roles', () => ({ ok: true, value: { roles: [], start: 0, limit: 100, total: 0 } }));
  bridge.handle('roles:list', () => ({
    ok: true,
    value: { roles: [administrator, viewer], start: 0, limit: 100, total: 2 },
  }));
  bridge.handle('users:assign-roles', () => ({ ok: true, value: undefined }));
}

async function assignButton(name: string): Promise<HTMLElement> {
  await vi.waitFor(() => expect(screen.getAllByTestId('role-assign')).toHaveLength(2));
  const item = screen.getAllByTestId('role-assign').find((button) => button.closest('li')?.textContent?.includes(name));
  if (!item) throw new Error(`no ${name}`);
  return item;
}

describe('which roles are privileged', () => {
  it('reads the role’s name and description as an admin would', () => {
    expect(isPrivilegedRole(administrator)).toBe(true);
    expect(isPrivilegedRole({ name: 'Billing Manager', description: 'Manages invoices and payment details' })).toBe(
      true,
    );
    expect(isPrivilegedRole({ name: 'Ops', description: 'Grants admin:all on the API' })).toBe(true);
    expect(isPrivilegedRole(viewer)).toBe(false);
    expect(isPrivilegedRole({ name: 'Support Agent', description: 'Answers customer tickets' })).toBe(false);
    expect(roleGuardFor(viewer, false)).toBeNull();
    expect(roleGuardFor(viewer, true)?.reason).toMatch(/production tenant/);
  });
});

describe('assigning a role', () => {
  it('asks before a privileged role, naming what it grants; Cancel assigns nothing', async () => {
    serveRoles();
    render(RolesTab, { tenantId, userId: 'auth0|ada', disabledReason: null, onchanged: vi.fn() });
    await fireEvent.click(await assignButton('Administrator'));
    expect(bridge.callsOf('users:assign-roles')).toEqual([]);
    expect(screen.getByTestId('role-guard').textContent).toContain('Assign Administrator?');
    expect(screen.getByTestId('role-guard-grants').textContent).toBe(
      'Administrator grants: Full access to every part of the product',
    );
    await fireEvent.click(screen.getByTestId('role-guard-cancel'));
    expect(screen.queryByTestId('role-guard')).toBeNull();
    expect(bridge.callsOf('users:assign-roles')).toEqual([]);

    await fireEvent.click(await assignButton('Administrator'));
    await fireEvent.click(screen.getByTestId('role-guard-confirm'));
    await vi.waitFor(() =>
      expect(bridge.callsOf('users:assign-roles')).toEqual([{ tenantId, userId: 'auth0|ada', roleIds: ['rol_admin'] }]),
    );
    await vi.waitFor(() => expect(screen.getByTestId('roles-notice').textContent).toBe('Assigned Administrator.'));
  });

  it('assigns an ordinary role at once, but asks for every role on a production tenant', async () => {
    serveRoles();
    render(RolesTab, { tenantId, userId: 'auth0|ada', disabledReason: null, onchanged: vi.fn() });
    await fireEvent.click(await assignButton('Viewer'));
    expect(screen.queryByTestId('role-guard')).toBeNull();
    await vi.waitFor(() => expect(bridge.callsOf('users:assign-roles')).toHaveLength(1));
    cleanup();
    bridge.reset();
    serveRoles();
    render(RolesTab, { tenantId, userId: 'auth0|ada', disabledReason: null, onchanged: vi.fn(), production: true });
    await fireEvent.click(await assignButton('Viewer'));
    expect(screen.getByTestId('role-guard').textContent).toMatch(/production tenant/);
    expect(screen.getByTestId('role-guard-grants').textContent).toBe('Viewer grants: Read-only access to reports');
    expect(bridge.callsOf('users:assign-roles')).toEqual([]);
  });
});
