import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { upstreamKey } from '@civicgraph/platform';
import { DEV_AUDIENCE, DEV_ISSUER } from './auth.ts';
import type { GatewaySecurity } from './gateway.ts';
import type { SubscriberBound } from './subscriptions/subscriber-feed.ts';

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

/** The subgraphs' URLs as composed into the supergraph (`@join__graph(name:, url:)`). */
export const composedSubgraphUrls = (supergraph: string): Record<string, string> =>
  Object.fromEntries([...supergraph.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)].map((m) => [m[1]!, m[2]!]));

/**
 * Where each subgraph is, for a gateway running on its own: the URLs composed into the supergraph,
 * overridden by CIVICGRAPH_SUBGRAPH_URLS (`board=http://board:4102/graphql,hotline=…` or a JSON
 * object) or by the JSON object in the file CIVICGRAPH_SUBGRAPH_URLS_FILE.
 */
export function subgraphUrlsFromEnv(supergraph: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const composed = composedSubgraphUrls(supergraph);
  const text = env.CIVICGRAPH_SUBGRAPH_URLS_FILE ? readFileSync(env.CIVICGRAPH_SUBGRAPH_URLS_FILE, 'utf8') : env.CIVICGRAPH_SUBGRAPH_URLS?.trim();
  if (!text) return composed;
  let configured: Record<string, unknown>;
  try {
    configured = text.startsWith('{') ? JSON.parse(text) : Object.fromEntries(text.split(',').map((pair) => pair.trim().split(/=(.*)/s, 2)));
  } catch {
    throw new Error('CIVICGRAPH_SUBGRAPH_URLS: expected name=url pairs separated by commas, or a JSON object');
  }
  for (const [name, url] of Object.entries(configured)) {
    if (!(name in composed)) throw new Error(`CIVICGRAPH_SUBGRAPH_URLS: no subgraph named ${JSON.stringify(name)} (the supergraph has ${Object.keys(composed).join(', ')})`);
    if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)) throw new Error(`CIVICGRAPH_SUBGRAPH_URLS: ${name} needs an http(s) URL, not ${JSON.stringify(url)}`);
  }
  return { ...composed, ...(configured as Record<string, string>) };
}

/** Settings given as whole numbers of at least 1, by variable name; unset ones left out. */
function wholeNumbers<K extends string>(env: NodeJS.ProcessEnv, names: Record<K, string>): Partial<Record<K, number>> {
  const settings: Partial<Record<K, number>> = {};
  for (const [key, name] of Object.entries(names) as [K, string][]) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`${name} must be a whole number of at least 1, not ${JSON.stringify(value)}`);
    settings[key] = Number(value);
  }
  return settings;
}

/** Limits the operator may change from the environment (the rest keep DEFAULT_LIMITS). */
export const limitsFromEnv = (env: NodeJS.ProcessEnv = process.env): { rateLimit?: number; rateWindowSeconds?: number } =>
  wholeNumbers(env, { rateLimit: 'CIVICGRAPH_RATE_LIMIT', rateWindowSeconds: 'CIVICGRAPH_RATE_WINDOW_SECONDS' });

/** How far a subscriber may fall behind (the rest keep DEFAULT_SUBSCRIBER_BOUND). */
export const subscriberBoundFromEnv = (env: NodeJS.ProcessEnv = process.env): Partial<SubscriberBound> =>
  wholeNumbers(env, { maxPendingEvents: 'CIVICGRAPH_SUBSCRIBER_MAX_EVENTS', maxPendingBytes: 'CIVICGRAPH_SUBSCRIBER_MAX_BYTES' });
