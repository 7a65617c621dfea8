import type { ConnectionRecord } from '../state/types.ts';
import { ManagementError } from '../http/api-error.ts';

// Auth0 database password policies (docs, "Password Strength in Auth0 Database Connections").
const POLICIES: Record<string, { minLength: number; classes: number; noTriples?: boolean }> = {
  none: { minLength: 1, classes: 0 },
  low: { minLength: 6, classes: 0 },
  fair: { minLength: 8, classes: 3 },
  good: { minLength: 8, classes: 3 },
  excellent: { minLength: 10, classes: 3, noTriples: true },
};
const MAX_PASSWORD_BYTES = 72;

function characterClasses(password: string, policy: string): number {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/];
  // "fair" asks for lower case, upper case and numbers; "good" and "excellent" for 3 of those 4 with specials.
  if (policy !== 'fair') classes.push(/[^a-zA-Z0-9]/);
  return classes.filter((pattern) => pattern.test(password)).length;
}

export function checkPassword(connection: ConnectionRecord, password: string): void {
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    // Auth0 caps passwords at 72 bytes (bcrypt); the refusal's wording is not documented, this is the likeliest.
    throw new ManagementError(400, 'PasswordStrengthError: Password is too long', 'invalid_password');
  }
  const name = typeof connection.options.passwordPolicy === 'string' ? connection.options.passwordPolicy : 'good';
  const policy = POLICIES[name] ?? (POLICIES.good as (typeof POLICIES)[string]);
  const complexity = connection.options.password_complexity_options as { min_length?: number } | undefined;
  const minLength = complexity?.min_length ?? policy.minLength;
  const weak =
    [...password].length < minLength ||
    characterClasses(password, name) < policy.classes ||
    (policy.noTriples === true && /(.)\1\1/.test(password));
  if (weak) throw new ManagementError(400, 'PasswordStrengthError: Password is too weak', 'invalid_password');
}
