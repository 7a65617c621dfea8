// What each verdict means to an admin, in words: what is wrong, why Auth0 would refuse the token,
// and what to do. Times are relative ("expired 2 h ago") with the exact moment beside them.
import { relativeTime, type TokenKind } from '../../common/tokens.ts';

const at = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
const describe = (value: unknown) => (typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? 'nothing'));
const noun = (kind: TokenKind) => (kind === 'id' ? 'ID token' : 'access token');

function lifetime(claims: Record<string, unknown>, now: number): string {
  const exp = typeof claims.exp === 'number' ? claims.exp : undefined;
  const iat = typeof claims.iat === 'number' ? claims.iat : undefined;
  const issued = iat === undefined ? '' : `issued ${relativeTime(iat * 1000, now)}, `;
  return exp === undefined ? '' : ` It was ${issued}and expires ${relativeTime(exp * 1000, now)} (${at(exp)}).`;
}

function audienceText(claims: Record<string, unknown>): string {
  const aud = claims.aud;
  return Array.isArray(aud) ? aud.map(String).join(', ') : String(aud);
}

export const verdictMessages = {
  valid(kind: TokenKind, claims: Record<string, unknown>, now: number, expectedAudience: string | undefined): string {
    const subject = typeof claims.sub === 'string' ? claims.sub : 'no subject';
    const machine = subject.endsWith('@clients');
    const who = machine
      ? `the application ${subject.slice(0, -'@clients'.length)} (client credentials: there is no user behind it)`
      : subject;
    const audienceNote =
      kind === 'id' && expectedAudience === undefined
        ? ' Its audience, the application, was not checked: enter the client ID to check it.'
        : '';
    return `Valid ${noun(kind)} for ${who}, signed by this tenant, audience ${audienceText(claims)}.${lifetime(claims, now)}${audienceNote}`;
  },
  // The window's headline already names the verdict ("Expired", "Not valid yet"): the sentence
  // says when and what to do, without repeating it.
  expired(exp: number, now: number): string {
    return `Its expiry time (exp) passed ${relativeTime(exp * 1000, now)}, at ${at(exp)}. Auth0 and every API refuse it: the application must renew it (refresh token or a new login).`;
  },
  notYetValid(seconds: number, claim: 'nbf' | 'iat', now: number): string {
    const what = claim === 'nbf' ? 'Its not-before time (nbf) is' : 'It claims to be issued at';
    return `${what} ${at(seconds)}, ${relativeTime(seconds * 1000, now)}. Check this computer's clock; a tenant's tokens are never dated in the future.`;
  },
  wrongAudience(audiences: string[], expected: string, kind: TokenKind): string {
    const what = kind === 'id' ? 'application (client ID)' : 'API';
    return `Issued for ${audiences.join(', ')}, not for the ${what} ${expected}. Whoever expects ${expected} must refuse it: ask for a token with that audience.`;
  },
  foreignAudience(audience: string, domain: string): string {
    return `Issued for ${audience}, an API of another Auth0 tenant, not of ${domain}.`;
  },
  noAudience(): string {
    return 'The token names no audience (aud), so no API or application may accept it. Auth0 always sets one.';
  },
  wrongIssuer(iss: unknown, expected: string): string {
    return `Issued by ${describe(iss)}, not by this tenant (${expected}). Open it in the tenant that issued it; this tenant's keys cannot vouch for it.`;
  },
  badSignature(kid: string | undefined): string {
    return `The signature does not match the tenant's key${kid ? ` ${kid}` : ''}: the token was changed after Auth0 signed it, or forged. Do not trust anything it claims.`;
  },
  unknownKid(kid: string | undefined, jwksUrl: string): string {
    return kid === undefined
      ? `The token names no signing key (kid) and the tenant publishes several at ${jwksUrl}; Auth0 always names the key.`
      : `Signed with key ${kid}, which the tenant does not publish at ${jwksUrl} (fetched again just now). The key was revoked after a rotation, or the token was signed elsewhere.`;
  },
  unsupportedAlgorithm(alg: string): string {
    if (alg === '') return 'The token names no signing algorithm (alg). Auth0 signs with RS256 (or HS256, PS256).';
    if (alg.toLowerCase() === 'none') {
      return 'The token is not signed (alg "none"). Auth0 never issues unsigned tokens: refuse it.';
    }
    return `Signed with ${alg}, which Auth0 does not use (it signs with RS256, PS256 or HS256). Roster cannot vouch for it.`;
  },
  hs256(kind: TokenKind, claims: Record<string, unknown>, now: number, expectedAudience: string | undefined): string {
    const checked = expectedAudience === undefined ? 'issuer and times' : 'issuer, audience and times';
    return `Signed with HS256, a shared secret (${secretOf(kind)}). Roster does not hold that secret, so it cannot check the signature: ${checked} are in order, but the claims are unproven.${lifetime(claims, now)}`;
  },
  hs256Unchecked(kind: TokenKind): string {
    return `(Its HS256 signature, made with ${secretOf(kind)}, was not checked.)`;
  },
  malformed: {
    opaque: () =>
      'Not a JWT: one part, no dots. Auth0 issues such opaque access tokens when a login names no API (audience); only the tenant can read them, at /userinfo.',
    spaces: () =>
      'Not a token: it contains spaces, and a token is one unbroken string (a JWT is three base64url parts joined by dots, eyJ…). Copy the whole token, and only the token.',
    characters: () =>
      'Not a token: it holds characters no token has (a token is letters, digits and - _ . ~ + /). Copy the whole token, and only the token.',
    tooShort: (length: number) =>
      `Not a JWT, and at ${length} characters too short for an opaque access token (Auth0's have 32 and more). Copy the whole token.`,
    encrypted: () => 'An encrypted token (JWE, five parts). Only the API it was encrypted for can read it.',
    parts: (count: number) =>
      `Not a JWT: it has ${count} parts separated by dots, not 3 (header.payload.signature). Copy the whole token.`,
    undecodable: () =>
      'Not a JWT: its header or payload is not base64url-encoded JSON. The token was cut or altered while copying.',
    noExpiry: () => 'The token has no expiry (exp). Auth0 always sets one, so this token was not issued by Auth0.',
  },
};

function secretOf(kind: TokenKind): string {
  return kind === 'id' ? "the application's client secret" : "the API's signing secret";
}
