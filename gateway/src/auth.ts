import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { identityFromClaims, ROLE_SCOPES, signUpstreamIdentity, visibilityKey, type Identity, type Role, type UpstreamKey } from '@civicgraph/platform';

/** Codes of a refused bearer token; stable, clients branch on them. */
export const TokenErrorCode = {
  /** The token is malformed, forged, expired, or for another issuer or audience. */
  INVALID_TOKEN: 'INVALID_TOKEN',
} as const;

export class TokenError extends Error {
  readonly code = TokenErrorCode.INVALID_TOKEN;
}

/**
 * How callers' tokens are verified: an HS256 secret (development and tests) or the identity
 * provider's JWKS URL (production; RS256/ES256/EdDSA keys, fetched and cached by jose).
 */
export type TokenVerification =
  | { kind: 'hs256'; secret: string; issuer?: string; audience?: string }
  | { kind: 'jwks'; url: string; issuer?: string; audience?: string };

/** Issuer and audience of development tokens (`npm run tokens`). */
export const DEV_ISSUER = 'civicgraph-dev';
export const DEV_AUDIENCE = 'civicgraph';

export interface Verified {
  identity: Identity;
  /** When the token stops being valid (its `exp`). */
  expiresAt: Date;
}

export interface Authenticator {
  /** The caller from an Authorization header value; null without one; TokenError when it is bad. */
  authenticate(authorization: string | null | undefined): Promise<Verified | null>;
}

export function createAuthenticator(verification: TokenVerification): Authenticator {
  const key: Uint8Array | JWTVerifyGetKey =
    verification.kind === 'hs256' ? new TextEncoder().encode(verification.secret) : createRemoteJWKSet(new URL(verification.url));
  const algorithms = verification.kind === 'hs256' ? ['HS256'] : ['RS256', 'PS256', 'ES256', 'EdDSA'];
  return {
    async authenticate(authorization) {
      if (!authorization) return null;
      const token = /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1];
      if (!token) throw new TokenError('Authorization must be "Bearer <token>"');
      try {
        const { payload } = await jwtVerify(token, key as Uint8Array, {
          algorithms,
          issuer: verification.issuer,
          audience: verification.audience,
          requiredClaims: ['sub', 'exp'],
        });
        return { identity: identityFromClaims(payload), expiresAt: new Date(payload.exp! * 1000) };
      } catch (error) {
        throw new TokenError(`Bearer token refused: ${(error as Error).message}`);
      }
    },
  };
}

export interface DevTokenClaims {
  role: Role;
  subject?: string;
  agency?: string | null;
  /** Defaults to the role's development scopes. */
  scopes?: readonly string[];
  /** Seconds; default 30 days, so printed example tokens survive a working month. */
  expiresIn?: number;
}

/** A development token signed with the HS256 secret, as the `tokens` command and tests mint them. */
export async function mintDevToken(secret: string, claims: DevTokenClaims): Promise<string> {
  const scopes = claims.scopes ?? ROLE_SCOPES[claims.role];
  return new SignJWT({ agency: claims.agency ?? undefined, roles: [claims.role], scope: scopes.join(' ') })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.subject ?? `${claims.role}:${claims.agency ?? 'dev'}`)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${claims.expiresIn ?? 30 * 24 * 3600}s`)
    .sign(new TextEncoder().encode(secret));
}

/** Example identities for each role, on agencies of the seeded directory (printed by npm start and npm run tokens). */
export const EXAMPLE_IDENTITIES: readonly DevTokenClaims[] = [
  { role: 'citizen', subject: 'citizen:demo' },
  { role: 'hotline_agent', subject: 'agent:cc-mayor-hotline', agency: 'cc-mayor-hotline' },
  { role: 'handler', subject: 'handler:th-housing', agency: 'th-housing' },
  { role: 'reviewer', subject: 'reviewer:th-gov-office', agency: 'th-gov-office' },
  { role: 'supervisor', subject: 'supervisor:jl-gov-supervision', agency: 'jl-gov-supervision' },
  { role: 'admin', subject: 'admin:demo' },
  { role: 'integrator', subject: 'integrator:demo' },
  { role: 'dashboard', subject: 'dashboard:demo' },
];

/** One example token per role, for the console. */
export async function exampleTokens(secret: string, expiresIn?: number): Promise<string> {
  const lines = await Promise.all(
    EXAMPLE_IDENTITIES.map(async (example) => {
      const label = `${example.role}${example.agency ? ` (${example.agency})` : ''}`;
      return `  ${label}\n    Bearer ${await mintDevToken(secret, { ...example, expiresIn })}`;
    }),
  );
  return lines.join('\n');
}

/**
 * Signs identities for the subgraphs (platform/src/auth/upstream-token.ts): per request for HTTP
 * (the token is bound to the body), and per identity for WebSockets, reused for a minute so one
 * dashboard's subscriptions share one upstream socket (the ws transport keys sockets by connectionParams).
 */
export class UpstreamSigner {
  private readonly cache = new Map<string, { token: string; until: number }>();

  constructor(private readonly key: UpstreamKey) {}

  forRequest(identity: Identity, body: string): Promise<string> {
    return signUpstreamIdentity(this.key, identity, { body });
  }

  async forWebSocket(identity: Identity): Promise<string> {
    const cacheKey = visibilityKey(identity);
    const now = Date.now();
    const cached = this.cache.get(cacheKey);
    if (cached && cached.until > now) return cached.token;
    if (this.cache.size > 10_000) this.cache.clear(); // bounded: at worst everyone re-signs once
    const token = await signUpstreamIdentity(this.key, identity, { websocket: true });
    this.cache.set(cacheKey, { token, until: now + 60_000 });
    return token;
  }
}
