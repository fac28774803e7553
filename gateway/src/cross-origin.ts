import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { REQUEST_ID_HEADER } from '@civicgraph/platform';

/** The header that lets an anonymous non-JSON POST through (any value). */
export const CSRF_HEADER = 'x-graphql-csrf';

/**
 * CSRF protection for a hub whose callers authenticate with bearer tokens, never cookies: a forged
 * cross-site request carries no credential of the victim, so what is left to guard is small.
 * - A request with an Authorization header passes: a browser sends one only when the page's own
 *   script set it, and cross-origin that needs a preflight, which the CORS allow-list decides.
 * - A GET passes: it never runs a mutation (405), and without a token it reads public data only.
 * - An anonymous non-JSON POST (what an HTML form can send) still needs the x-graphql-csrf header,
 *   so no mutation open to anonymous callers could ever be posted by another site's form.
 */
export function csrfPlugin() {
  const prevention = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
  return {
    onRequestParse(payload: { request: Request }) {
      const { request } = payload;
      if (request.method === 'GET' || request.headers.has('authorization')) return;
      return prevention.onRequestParse!(payload as never);
    },
  };
}

/** Headers a browser client may send cross-origin (graphql-over-http, Apollo's and urql's defaults). */
const ALLOWED_HEADERS = ['authorization', 'content-type', 'accept', CSRF_HEADER, 'apollographql-client-name', 'apollographql-client-version'];

/**
 * CORS for /graphql from an allow-list of origins (scheme://host[:port]). An origin on the list
 * gets its own origin back, never with credentials (bearer tokens need none); any other origin
 * gets no CORS headers, so the browser keeps the answer from its page. An empty list allows none.
 */
export function corsFor(origins: readonly string[]) {
  const allowed = new Set(origins);
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (!origin || !allowed.has(origin)) return false as const;
    return {
      origin,
      credentials: false,
      methods: ['GET', 'POST'],
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: [REQUEST_ID_HEADER, 'retry-after'],
      maxAge: 600,
    };
  };
}

/** Answers differ by Origin (CORS headers or none), so caches must keep them apart. */
export const varyByOrigin = {
  onResponse({ response }: { response: Response }) {
    const vary = response.headers.get('vary');
    if (!vary?.toLowerCase().split(/\s*,\s*/).includes('origin')) response.headers.set('vary', vary ? `${vary}, Origin` : 'Origin');
  },
};

/** The allow-list from CIVICGRAPH_CORS_ORIGINS: origins separated by commas (none when unset). */
export function corsOriginsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const origins = (env.CIVICGRAPH_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      throw new Error(`CIVICGRAPH_CORS_ORIGINS: ${JSON.stringify(origin)} is not an origin (scheme://host[:port], no path, no "*")`);
    }
  }
  return origins;
}
