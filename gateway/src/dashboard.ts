import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

/** Where the page is served; the built files come from the dashboard workspace (`vite build`, run by npm install). */
export const DASHBOARD_PATH = '/dashboard';
const DIST = fileURLToPath(new URL('../../dashboard/dist/', import.meta.url));

// The page talks only to this origin's /graphql (HTTP and WebSocket) and loads only its own files.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
let files: Handler | undefined;

function reply(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/**
 * Serves the built dashboard under /dashboard/ and answers true, or answers false for any other
 * path. Only files that the build wrote are served (sirv lists them once, at the first request), so
 * no path can reach outside the build folder; anything else under /dashboard/ is 404.
 */
export function serveDashboard(req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? '/';
  const path = url.split('?')[0]!;
  if (path !== DASHBOARD_PATH && !path.startsWith(`${DASHBOARD_PATH}/`)) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    reply(res, 405, 'Method not allowed', { allow: 'GET, HEAD' });
    return true;
  }
  if (path === DASHBOARD_PATH) {
    // The page's assets are addressed relative to /dashboard/.
    reply(res, 308, '', { location: `${DASHBOARD_PATH}/${url.slice(path.length)}` });
    return true;
  }
  if (!files) {
    if (!existsSync(`${DIST}index.html`)) {
      reply(res, 503, 'The dashboard is not built: run `npm install` (or `npm run build -w @civicgraph/dashboard`)');
      return true;
    }
    files = sirv(DIST, {
      etag: true,
      setHeaders: (response, pathname) => {
        for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
        // Vite names assets by their content hash; the page itself must be re-read to pick up a new build.
        response.setHeader('cache-control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }) as Handler;
  }
  req.url = url.slice(DASHBOARD_PATH.length);
  files(req, res, () => reply(res, 404, 'Not found'));
  return true;
}
