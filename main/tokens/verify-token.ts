// Judges a pasted token against its tenant: decoded, then its algorithm, issuer, key, signature,
// audience and times, in that order, so that the verdict names the first thing an admin has to
// fix. Claims are trusted only once the signature is proven; the issuer is compared before the
// key is looked up so that a token from another tenant says so, not merely "unknown key".
import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK } from 'jose';
import type { InspectedKind, TokenKind, TokenVerdict } from '../../common/tokens.ts';
import type { KeyLookup } from './jwks-cache.ts';
import { verdictMessages as say } from './verdict-messages.ts';

/** Auth0 signs with RS256 by default, PS256 where configured (same RSA keys in the JWKS). */
const ASYMMETRIC_ALGORITHMS = new Set(['RS256', 'PS256']);
/** A few seconds of clock difference between this computer and Auth0 are not the token's fault. */
export const CLOCK_SKEW_S = 60;

export interface VerifyContext {
  keys: KeyLookup;
  /** The tenant's canonical domain: `iss` is `https://{domain}/`, audiences are built on it. */
  domain: string;
  /** Other issuers the tenant answers as (its custom domain). */
  extraIssuers: string[];
  expectedAudience?: string | undefined;
  /** Milliseconds since the epoch. */
  now: number;
}

export interface Verification {
  kind: InspectedKind;
  verdict: TokenVerdict;
  message: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signatureVerified: boolean;
}

/**
 * Access or ID token, as Auth0 issues them: access tokens carry `scope` (or `gty` for machine
 * tokens, `typ: at+jwt` in the RFC 9068 profile) and an API identifier as audience; an ID token
 * has the application's client ID as its only audience and no scope.
 */
export function kindOf(header: Record<string, unknown>, claims: Record<string, unknown>): TokenKind {
  if (String(header.typ).toLowerCase() === 'at+jwt') return 'access';
  if (typeof claims.scope === 'string' || typeof claims.gty === 'string' || Array.isArray(claims.permissions))
    return 'access';
  const audiences = audiencesOf(claims);
  return audiences.some((audience) => audience.includes('://')) ? 'access' : 'id';
}

export function audiencesOf(claims: Record<string, unknown>): string[] {
  const aud = claims.aud;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((item): item is string => typeof item === 'string') : [];
}

export async function verifyToken(token: string, context: VerifyContext): Promise<Verification> {
  const parts = token.split('.');
  if (parts.length === 5) return malformed(say.malformed.encrypted());
  if (parts.length === 1) return onePart(token);
  if (parts.length !== 3) return malformed(say.malformed.parts(parts.length));
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = { ...decodeProtectedHeader(token) };
    claims = { ...decodeJwt(token) };
  } catch {
    return malformed(say.malformed.undecodable());
  }
  const kind = kindOf(header, claims);
  const judged = (verdict: TokenVerdict, message: string, signatureVerified = false): Verification => ({
    kind,
    verdict,
    message,
    header,
    claims,
    signatureVerified,
  });

  const alg = typeof header.alg === 'string' ? header.alg : '';
  const hs256 = alg === 'HS256';
  if (!hs256 && !ASYMMETRIC_ALGORITHMS.has(alg)) return judged('unsupported_algorithm', say.unsupportedAlgorithm(alg));

  const issuers = [`https://${context.domain}/`, ...context.extraIssuers];
  if (claims.iss !== issuers[0] && !issuers.includes(String(claims.iss))) {
    return judged('wrong_issuer', say.wrongIssuer(claims.iss, issuers[0] ?? ''));
  }

  if (!hs256) {
    const kid = typeof header.kid === 'string' ? header.kid : undefined;
    const jwk = await context.keys.keyFor(kid);
    if (!jwk) return judged('unknown_kid', say.unknownKid(kid, context.keys.jwksUrl));
    try {
      await compactVerify(token, await importJWK({ ...jwk, alg }, alg), { algorithms: [alg] });
    } catch {
      // A failed check, or a key that cannot serve this algorithm (an EC key for RS256): either
      // way the tenant's key did not make this signature.
      return judged('bad_signature', say.badSignature(kid));
    }
  }

  const claimProblem = checkClaims(kind, claims, context);
  if (claimProblem) {
    const [verdict, message] = claimProblem;
    return judged(verdict, hs256 ? `${message} ${say.hs256Unchecked(kind)}` : message, !hs256);
  }
  if (hs256) return judged('unsupported_algorithm', say.hs256(kind, claims, context.now, context.expectedAudience));
  return judged('valid', say.valid(kind, claims, context.now, context.expectedAudience), true);
}

/** Audience, then expiry, then not-before (RFC 7519 4.1.3-4.1.5, with CLOCK_SKEW_S of leeway). */
function checkClaims(
  kind: TokenKind,
  claims: Record<string, unknown>,
  context: VerifyContext,
): [TokenVerdict, string] | null {
  const audiences = audiencesOf(claims);
  const expected = context.expectedAudience;
  if (audiences.length === 0) return ['wrong_audience', say.noAudience()];
  if (expected !== undefined && !audiences.includes(expected)) {
    return ['wrong_audience', say.wrongAudience(audiences, expected, kind)];
  }
  // An Auth0 API audience of another tenant is never right for this one, named or not.
  const foreign = audiences.find((audience) => isOtherTenantsAudience(audience, context));
  if (expected === undefined && foreign) return ['wrong_audience', say.foreignAudience(foreign, context.domain)];

  const nowS = context.now / 1000;
  const exp = typeof claims.exp === 'number' ? claims.exp : undefined;
  if (exp === undefined) return ['malformed', say.malformed.noExpiry()];
  if (exp + CLOCK_SKEW_S <= nowS) return ['expired', say.expired(exp, context.now)];
  const nbf = typeof claims.nbf === 'number' ? claims.nbf : undefined;
  if (nbf !== undefined && nbf - CLOCK_SKEW_S > nowS)
    return ['not_yet_valid', say.notYetValid(nbf, 'nbf', context.now)];
  const iat = typeof claims.iat === 'number' ? claims.iat : undefined;
  if (iat !== undefined && iat - CLOCK_SKEW_S > nowS)
    return ['not_yet_valid', say.notYetValid(iat, 'iat', context.now)];
  return null;
}

/** `https://other.auth0.com/api/v2/` or `https://other.auth0.com/userinfo`. */
function isOtherTenantsAudience(audience: string, context: VerifyContext): boolean {
  const match = /^https:\/\/([^/]+)\/(api\/v2\/|userinfo)$/.exec(audience);
  if (!match) return false;
  const host = match[1] ?? '';
  const ours = [context.domain, ...context.extraIssuers.map((issuer) => new URL(issuer).host)];
  return !ours.includes(host);
}

/** RFC 6750's token68: the characters a bearer token may hold. */
const TOKEN_CHARACTERS = /^[A-Za-z0-9\-._~+/]+=*$/;
/** Shorter than any opaque token Auth0 issues (theirs are 32 characters and more). */
const SHORTEST_OPAQUE = 16;

/**
 * Text without dots: an opaque access token only when it could be one. `hello world` is no token
 * of any kind, and is not called an access token.
 */
function onePart(text: string): Verification {
  if (/\s/.test(text)) return malformed(say.malformed.spaces());
  if (!TOKEN_CHARACTERS.test(text)) return malformed(say.malformed.characters());
  if (text.length < SHORTEST_OPAQUE) return malformed(say.malformed.tooShort(text.length));
  return { ...malformed(say.malformed.opaque()), kind: 'access' };
}

function malformed(message: string): Verification {
  return { kind: 'unknown', verdict: 'malformed', message, header: {}, claims: {}, signatureVerified: false };
}
