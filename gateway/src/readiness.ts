import type { ServerResponse } from 'node:http';

/** What /ready checks: each subgraph's own /ready (which checks its database), and the identity provider's keys in production. */
export interface ReadinessTargets {
  subgraphs: Record<string, string>;
  jwksUrl?: string;
  timeoutMs?: number;
  /**
   * Where the demo data is: the API answers while it loads in the background, so /ready stays 200
   * and says `demo: "loading ..."` until it is `complete`.
   */
  demo?: () => string;
}

/**
 * /ready that means ready: 200 when every subgraph answers its /ready and (in production) the
 * identity provider's JWKS can be fetched; 503 with a JSON body saying which cannot. Answers are
 * reused for a second, so a busy load balancer does not multiply the checks.
 */
export function readiness(targets: ReadinessTargets): (res: ServerResponse) => Promise<void> {
  let last: { at: number; body: { status: string; checks: Record<string, string>; demo?: string } } | undefined;
  const probe = async (url: string): Promise<string> => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(targets.timeoutMs ?? 2000) });
      return response.ok ? 'ready' : `not ready (HTTP ${response.status})`;
    } catch {
      return 'unreachable';
    }
  };
  const check = async () => {
    if (last && Date.now() - last.at < 1000) return last.body;
    const entries = Object.entries(targets.subgraphs).map(([name, url]) => [name, url.replace(/\/graphql$/, '/ready')] as const);
    if (targets.jwksUrl) entries.push(['identity provider keys', targets.jwksUrl]);
    const results = await Promise.all(entries.map(async ([name, url]) => [name, await probe(url)] as const));
    const checks = Object.fromEntries(results);
    const body = { status: results.every(([, state]) => state === 'ready') ? 'ready' : 'not ready', checks };
    last = { at: Date.now(), body };
    return body;
  };
  return async (res) => {
    const body = { ...(await check()), ...(targets.demo ? { demo: targets.demo() } : {}) };
    res.writeHead(body.status === 'ready' ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
}
