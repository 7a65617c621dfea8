// Auth0's log event type codes in words (Auth0 docs, "Log Event Type Codes"), for the user's
// History tab. An unknown code is shown as it is.
const LOG_TYPES: Record<string, string> = {
  s: 'Successful login',
  f: 'Failed login',
  fp: 'Failed login (incorrect password)',
  fu: 'Failed login (invalid email or username)',
  ss: 'Successful signup',
  fs: 'Failed signup',
  sv: 'Email verified',
  fv: 'Failed to send the verification email',
  slo: 'Logged out',
  flo: 'Failed logout',
  scp: 'Password changed',
  fcp: 'Failed password change',
  scpr: 'Password change requested',
  fcpr: 'Failed password change request',
  sce: 'Email changed',
  fce: 'Failed email change',
  sapi: 'Management API operation',
  fapi: 'Failed Management API operation',
  limit_wc: 'Account blocked (too many failed logins)',
  limit_mu: 'IP address blocked (too many failed logins)',
  limit_sul: 'Blocked (too many logins from one user)',
  gd_auth_succeed: 'MFA authentication succeeded',
  gd_auth_failed: 'MFA authentication failed',
  gd_enrollment_complete: 'MFA enrollment completed',
  seacft: 'Exchanged an authorization code for a token',
  feacft: 'Failed to exchange an authorization code',
  sertft: 'Exchanged a refresh token',
  ferrt: 'Failed to exchange a refresh token',
  du: 'User deleted',
  fd: 'Failed to delete the user',
  pwd_leak: 'Breached password detected',
  ublkdu: 'Brute-force block removed',
};

export function logTypeInWords(type: string): string {
  return LOG_TYPES[type] ?? type;
}

/** Lower case, no punctuation or extra spaces: how two wordings of an event are compared. */
function comparable(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The event type in words, then Auth0's description when it adds something: Auth0 often describes
 * an event with its own type name ("Successful login"), which said twice reads as a stutter.
 */
export function logEventInWords(type: string, description: string | undefined): string {
  const words = logTypeInWords(type);
  const detail = description?.trim();
  if (!detail) return words;
  const said = comparable(words);
  const adds = comparable(detail);
  if (adds === said || said.includes(adds) || adds === comparable(type)) return words;
  return `${words} — ${detail}`;
}
