import { createHash } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { identityFromClaims, type Identity } from './identity.ts';

/**
 * Trust between the gateway and the subgraphs: the gateway verifies the caller, then signs the
 * resulting Identity into a short-lived token that rides on every upstream request (HTTP header,
 * or connectionParams for WebSockets). Subgraphs accept nothing else, so calling one directly —
 * with or without the caller's own token — grants nothing. The key is shared only by the gateway
 * and the subgraphs (CIVICGRAPH_SUBGRAPH_SECRET), never by callers.
 *
 * An HTTP token is bound to its request: it carries the SHA-256 of the body, so a token seen on
 * the wire cannot carry any other operation. A WebSocket token says so (`ws`) and opens only a
 * subscription socket, never an HTTP request.
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

/** What an upstream token may be used for: one HTTP request (by its body) or a WebSocket. */
export type UpstreamUse = { body: string | Buffer } | { websocket: true };

export const bodyHash = (body: string | Buffer) => createHash('sha256').update(body).digest('base64url');

export async function signUpstreamIdentity(key: UpstreamKey, identity: Identity, use: UpstreamUse): Promise<string> {
  const binding = 'body' in use ? { bh: bodyHash(use.body) } : { ws: true };
  const token = new SignJWT({ agency: identity.agency, roles: identity.roles, scopes: identity.scopes, ...binding })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${LIFETIME_SECONDS}s`);
  if (identity.subject) token.setSubject(identity.subject);
  return token.sign(key.secret);
}

/**
 * The Identity the gateway signed, or null when the token is missing, forged, expired, for someone
 * else, or signed for another use (another request body, or HTTP instead of a WebSocket).
 */
export async function verifyUpstreamIdentity(key: UpstreamKey, token: unknown, use: UpstreamUse): Promise<Identity | null> {
  if (typeof token !== 'string' || !token) return null;
  try {
    const { payload } = await jwtVerify(token, key.secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    const bound = 'body' in use ? payload.bh === bodyHash(use.body) : payload.ws === true;
    return bound ? identityFromClaims(payload) : null;
  } catch {
    return null;
  }
}
