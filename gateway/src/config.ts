import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { upstreamKey } from '@civicgraph/platform';
import { DEV_AUDIENCE, DEV_ISSUER } from './auth.ts';
import type { GatewaySecurity } from './gateway.ts';

/** Where development keeps its token secret, so tokens printed once keep working across restarts. */
export const devSecretFile = (env: NodeJS.ProcessEnv = process.env) => resolve(env.CIVICGRAPH_DEV_SECRET_FILE ?? 'data/dev-jwt-secret');

/** The HS256 secret of development tokens: CIVICGRAPH_JWT_SECRET, else one made on first use and kept on disk. */
export function devTokenSecret(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CIVICGRAPH_JWT_SECRET) return env.CIVICGRAPH_JWT_SECRET;
  const file = devSecretFile(env);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

const required = (env: NodeJS.ProcessEnv, name: string, why: string): string => {
  const value = env[name];
  if (!value) throw new Error(`CIVICGRAPH_MODE=production needs ${name} (${why})`);
  return value;
};

/**
 * The gateway's security settings from the environment.
 * Development (default): HS256 tokens from `npm run tokens`, GraphiQL and introspection on.
 * Production (CIVICGRAPH_MODE=production): tokens verified against CIVICGRAPH_JWKS_URL (with
 * CIVICGRAPH_JWT_ISSUER and CIVICGRAPH_JWT_AUDIENCE), CIVICGRAPH_SUBGRAPH_SECRET shared with the
 * subgraphs, no IDE, no introspection.
 */
export function securityFromEnv(env: NodeJS.ProcessEnv = process.env): Omit<GatewaySecurity, 'upstreamKey'> & { upstreamKey?: GatewaySecurity['upstreamKey'] } {
  const subgraphSecret = env.CIVICGRAPH_SUBGRAPH_SECRET;
  if (env.CIVICGRAPH_MODE === 'production') {
    return {
      mode: 'production',
      tokens: {
        kind: 'jwks',
        url: required(env, 'CIVICGRAPH_JWKS_URL', "the identity provider's signing keys"),
        issuer: required(env, 'CIVICGRAPH_JWT_ISSUER', 'whose tokens to accept'),
        audience: required(env, 'CIVICGRAPH_JWT_AUDIENCE', 'tokens meant for this hub'),
      },
      upstreamKey: upstreamKey(required(env, 'CIVICGRAPH_SUBGRAPH_SECRET', 'the key subgraphs trust the gateway by')),
    };
  }
  return {
    mode: 'development',
    tokens: { kind: 'hs256', secret: devTokenSecret(env), issuer: DEV_ISSUER, audience: DEV_AUDIENCE },
    ...(subgraphSecret ? { upstreamKey: upstreamKey(subgraphSecret) } : {}),
  };
}
