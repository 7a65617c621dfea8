// When assigning a role asks for a confirmation first (issue 18): a role whose name or description
// says it grants broad or sensitive rights (administration, full access, billing, deletion ...),
// and on a production tenant every role. The confirmation names what the role grants.
import type { Role } from '../../../common/auth0.ts';

/**
 * Words that mark a role as privileged, matched as whole words in its name or description. Auth0
 * gives roles no "privileged" flag: a role means what its author wrote, so this reads it as an
 * admin would.
 */
const PRIVILEGED = [
  /\badmin(istrator|istration|s)?\b/i,
  /\b(owner|root|super ?user|superadmin)\b/i,
  /\b(full|all|unrestricted|complete) access\b/i,
  /\bevery (part|permission|resource)\b/i,
  /\b(billing|payments?|invoices?)\b/i,
  /\b(delete|deletes|impersonat\w*|privileged?)\b/i,
  /\bmanage(s|r)?\b/i,
  /\b\w+:all\b/i,
];

export interface RoleGuard {
  /** Why a confirmation is asked, in words. */
  reason: string;
  /** What the role grants, as its author described it. */
  grants: string;
}

/** Whether the role reads as privileged. */
export function isPrivilegedRole(role: Pick<Role, 'name' | 'description'>): boolean {
  const text = `${role.name} ${role.description ?? ''}`;
  return PRIVILEGED.some((pattern) => pattern.test(text));
}

/** The confirmation to ask before assigning `role`, or null to assign at once. */
export function roleGuardFor(role: Pick<Role, 'name' | 'description'>, production: boolean): RoleGuard | null {
  const privileged = isPrivilegedRole(role);
  if (!privileged && !production) return null;
  const grants = role.description?.trim()
    ? `${role.name} grants: ${role.description.trim()}`
    : `${role.name} has no description: check its permissions in the Auth0 Dashboard (User Management > Roles) before assigning it.`;
  const reason =
    privileged && production
      ? 'A privileged role, on a production tenant.'
      : privileged
        ? 'A privileged role: its holder gains broad or sensitive rights.'
        : 'This is a production tenant: every role assignment is confirmed.';
  return { reason, grants };
}
