// The signed-in token lives in sessionStorage, as GraphiQL keeps its headers: it survives a reload
// of the tab and is gone when the tab closes. The gateway verifies it on every request; the page
// reads its claims only to say who is signed in and which agency's figures to show first.

const TOKEN_KEY = 'civicgraph.dashboard.token';
const CURSOR_KEY = 'civicgraph.dashboard.cursor';

export interface Claims {
  sub?: string;
  agency?: string;
  roles: string[];
  exp?: number;
}

/** Accepts a bare token, `Bearer <token>`, or GraphiQL's `{"Authorization": "Bearer <token>"}`. */
export function normalizeToken(input: string): string {
  let text = input.trim();
  if (text.startsWith('{')) {
    try {
      const headers = JSON.parse(text) as Record<string, unknown>;
      const value = headers.Authorization ?? headers.authorization;
      if (typeof value === 'string') text = value.trim();
    } catch {
      // not JSON after all: taken as it is, and the gateway will say it is invalid
    }
  }
  return text.replace(/^bearer\s+/i, '');
}

export const storedToken = () => sessionStorage.getItem(TOKEN_KEY);
export const storeToken = (token: string) => sessionStorage.setItem(TOKEN_KEY, token);
export const forgetToken = () => sessionStorage.removeItem(TOKEN_KEY);

/** The cursor of the last event shown, so a feed that reconnects (after expiry too) misses nothing. */
export const storedCursor = () => sessionStorage.getItem(CURSOR_KEY);
export const storeCursor = (cursor: string | null) => (cursor ? sessionStorage.setItem(CURSOR_KEY, cursor) : sessionStorage.removeItem(CURSOR_KEY));

/** The token's claims, unverified (the gateway verifies); null when it is not a JWT at all. */
export function readClaims(token: string): Claims | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = new TextDecoder().decode(Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json) as Record<string, unknown>;
    return {
      sub: typeof claims.sub === 'string' ? claims.sub : undefined,
      agency: typeof claims.agency === 'string' ? claims.agency : undefined,
      roles: Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [],
      exp: typeof claims.exp === 'number' ? claims.exp : undefined,
    };
  } catch {
    return null;
  }
}

/** Roles that see every agency's appeals; other staff see their own agency's first. */
const PROVINCE_WIDE = ['supervisor', 'admin', 'dashboard', 'integrator'];
export const seesEveryAgency = (claims: Claims | null) => !claims?.agency || claims.roles.some((role) => PROVINCE_WIDE.includes(role));
