import { jwtVerify, SignJWT } from 'jose';
import { identityFromClaims, type Identity } from './identity.ts';

/**
 * Trust between the gateway and the subgraphs: the gateway verifies the caller, then signs the
 * resulting Identity into a short-lived token that rides on every upstream request (HTTP header,
 * or connectionParams for WebSockets). Subgraphs accept nothing else, so calling one directly —
 * with or without the caller's own token — grants nothing. The key is shared only by the gateway
 * and the subgraphs (CIVICGRAPH_SUBGRAPH_SECRET), never by callers.
 */
export const IDENTITY_HEADER = 'x-civicgraph-identity';
const ISSUER = 'civicgraph-gateway';
const AUDIENCE = 'civicgraph-subgraphs';
/** Long enough for a slow federated request; a subscription is checked once, at connection init. */
const LIFETIME_SECONDS = 300;

export interface UpstreamKey {
  readonly secret: Uint8Array;
}

/** A key from the configured secret (at least 32 characters: HS256 wants 256 bits). */
export function upstreamKey(secret: string): UpstreamKey {
  if (secret.length < 32) throw new Error('CIVICGRAPH_SUBGRAPH_SECRET must be at least 32 characters');
  return { secret: new TextEncoder().encode(secret) };
}

export async function signUpstreamIdentity(key: UpstreamKey, identity: Identity): Promise<string> {
  const token = new SignJWT({ agency: identity.agency, roles: identity.roles, scopes: identity.scopes })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${LIFETIME_SECONDS}s`);
  if (identity.subject) token.setSubject(identity.subject);
  return token.sign(key.secret);
}

/** The Identity the gateway signed, or null when the token is missing, forged, expired or for someone else. */
export async function verifyUpstreamIdentity(key: UpstreamKey, token: unknown): Promise<Identity | null> {
  if (typeof token !== 'string' || !token) return null;
  try {
    const { payload } = await jwtVerify(token, key.secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    return identityFromClaims(payload);
  } catch {
    return null;
  }
}
