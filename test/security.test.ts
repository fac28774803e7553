import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER, operationId, WS_CLOSE } from '@civicgraph/gateway';
import { IDENTITY_HEADER, signUpstreamIdentity, upstreamKey } from '@civicgraph/platform';
import { testIdentity } from '@civicgraph/platform/testing';
import { startTestHub, type TestHub } from './support/hub.ts';

// The gateway's front door: tokens, limits (each with its own code), trusted operations, and the
// subgraphs' refusal of anything that did not come through the gateway.
let hub: TestHub;
const KEY = upstreamKey(randomBytes(32).toString('hex'));
beforeAll(async () => {
  hub = await startTestHub({ only: ['agencies', 'supervision'], security: { upstreamKey: KEY } });
});
afterAll(() => hub?.stop());

const PUBLIC_QUERY = '{ agency(id: "th-housing") { name } }';
const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const codeOf = async (response: Response) => ((await response.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;

describe('bearer tokens', () => {
  it('lets an anonymous caller read public data', async () => {
    expect((await hub.query(PUBLIC_QUERY, {}, {})).data).toEqual({ agency: { name: '通化市住建局' } });
  });

  it('refuses malformed, forged, expired and foreign tokens with 401 INVALID_TOKEN', async () => {
    const sign = (secret: string, claims: { iss?: string; aud?: string; exp?: number } = {}) =>
      new SignJWT({ roles: ['admin'], scope: 'appeals:read' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('admin:forger')
        .setIssuer(claims.iss ?? DEV_ISSUER)
        .setAudience(claims.aud ?? DEV_AUDIENCE)
        .setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 600)
        .sign(new TextEncoder().encode(secret));
    const real = await hub.token({ role: 'admin' });
    const bad = [
      'Bearer not-a-jwt',
      `Basic ${Buffer.from('a:b').toString('base64')}`,
      `Bearer ${await sign('x'.repeat(32))}`,
      `Bearer ${real.slice(0, -4)}AAAA`,
      `Bearer ${await hub.token({ role: 'admin', expiresIn: -60 })}`,
      `Bearer ${await sign('x'.repeat(32), { aud: 'someone-else' })}`,
    ];
    for (const authorization of bad) {
      const response = await post({ query: PUBLIC_QUERY }, { authorization });
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('invalid_token');
      expect(await codeOf(response)).toBe('INVALID_TOKEN');
    }
  });

  it('enforces @requiresScopes at the gateway: no scope, no field', async () => {
    const query = '{ cases(first: 1) { totalCount } }';
    const anonymous = await hub.query(query, {}, {});
    expect(anonymous.data?.cases ?? null).toBeNull();
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    const withoutScope = await hub.query(query, {}, hub.as({ role: 'citizen', subject: 'c1', scopes: ['appeals:post'] }));
    expect(withoutScope.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    expect((await hub.query(query, {}, hub.as({ role: 'supervisor', agency: 'jl-gov-supervision' }))).data).toEqual({ cases: { totalCount: 0 } });
  });
});

describe('limits', () => {
  it('refuses each limit with its own code', async () => {
    const nested = (depth: number): string => (depth === 0 ? 'code' : `children { ${nested(depth - 1)} }`);
    const cases: [string, unknown, number, string][] = [
      ['depth', { query: `{ regions { ${nested(13)} } }` }, 400, 'MAX_DEPTH_EXCEEDED'],
      ['aliases', { query: `{ ${Array.from({ length: 21 }, (_, i) => `a${i}: agency(id: "x") { id }`).join(' ')} }` }, 400, 'MAX_ALIASES_EXCEEDED'],
      ['tokens', { query: `{ ${'__typename '.repeat(3001)} }` }, 400, 'MAX_TOKENS_EXCEEDED'],
      ['cost', { query: `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: regions { ${nested(10).replace('code', 'code name level')} }`).join(' ')} }` }, 400, 'MAX_COST_EXCEEDED'],
      ['size', { query: PUBLIC_QUERY, variables: { pad: 'x'.repeat(70_000) } }, 413, 'REQUEST_TOO_LARGE'],
    ];
    for (const [label, body, status, code] of cases) {
      const response = await post(body);
      // Validation refusals are 200 or 400 by GraphQL-over-HTTP content negotiation; the code is what counts.
      expect([label, status === 400 ? 'any' : response.status, await codeOf(response)]).toEqual([label, status === 400 ? 'any' : status, code]);
    }
  });

  it('refuses a body without Content-Length (411 LENGTH_REQUIRED)', async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ query: PUBLIC_QUERY }));
    });
    expect(status).toBe(411);
    expect(JSON.parse(body).errors[0].extensions.code).toBe('LENGTH_REQUIRED');
  });

  it('prevents CSRF: an anonymous form POST needs the x-graphql-csrf header; GETs and bearer callers do not', async () => {
    const form = (headers: Record<string, string> = {}) =>
      fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers }, body: `query=${encodeURIComponent(PUBLIC_QUERY)}` });
    const refused = await form();
    expect(refused.status).toBe(403);
    expect(await codeOf(refused)).toBe('CSRF_HEADER_REQUIRED');
    const expected = { data: { agency: { name: '通化市住建局' } } };
    expect(await (await form({ 'x-graphql-csrf': '1' })).json()).toEqual(expected);
    expect(await (await form(await hub.as({ role: 'citizen', subject: 'citizen:form' }))).json()).toEqual(expected);
    expect(await (await fetch(`${hub.url}?query=${encodeURIComponent(PUBLIC_QUERY)}`, { headers: { accept: 'application/json' } })).json()).toEqual(expected);
  });
});

describe('trusted operations', () => {
  const casesPage = readFileSync(new URL('../gateway/trusted-operations/CasesPage.graphql', import.meta.url), 'utf8');

  it('restricts integrators to the trusted list; other roles may send documents', async () => {
    const integrator = await hub.as({ role: 'integrator', subject: 'integrator:acme' });
    const arbitrary = await post({ query: casesPage, variables: { first: 1 } }, integrator);
    expect([arbitrary.status, await codeOf(arbitrary)]).toEqual([403, 'TRUSTED_OPERATIONS_ONLY']);
    const trusted = await post({ documentId: operationId(casesPage), variables: { first: 1 } }, integrator);
    expect(await trusted.json()).toEqual({ data: { cases: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } } });
    const unknown = await post({ documentId: 'f'.repeat(64) }, integrator);
    expect(await codeOf(unknown)).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await hub.query(casesPage, { first: 1 }, hub.as({ role: 'supervisor' }))).data?.cases.totalCount).toBe(0);
  });
});

describe('trust between gateway and subgraphs', () => {
  it('a subgraph called directly refuses: no signature, a forged one, the caller token, a token for another body', async () => {
    const supervision = hub.subgraphs.find((s) => s.name === 'supervision')!;
    const body = JSON.stringify({ query: '{ cases { totalCount } }' });
    const admin = testIdentity('admin');
    const attempts: Record<string, string>[] = [
      {},
      { [IDENTITY_HEADER]: await signUpstreamIdentity(upstreamKey('y'.repeat(40)), admin, { body }) },
      { [IDENTITY_HEADER]: await hub.token({ role: 'admin' }) },
      { authorization: `Bearer ${await hub.token({ role: 'admin' })}` },
      // Signed by the right key, but for another request: a token seen on the wire carries nothing else.
      { [IDENTITY_HEADER]: await signUpstreamIdentity(KEY, admin, { body: JSON.stringify({ query: '{ __typename }' }) }) },
      // A WebSocket's token opens no HTTP request.
      { [IDENTITY_HEADER]: await signUpstreamIdentity(KEY, admin, { websocket: true }) },
    ];
    for (const headers of attempts) {
      const response = await fetch(supervision.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      expect(response.status).toBe(401);
      expect(await codeOf(response)).toBe('GATEWAY_REQUIRED');
    }
    // The same request signed for its own body is answered: the refusals above are about the signature.
    const signed = await fetch(supervision.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: await signUpstreamIdentity(KEY, admin, { body }) },
      body,
    });
    expect(await signed.json()).toEqual({ data: { cases: { totalCount: 0 } } });
    // Subscriptions too: the WebSocket is closed at connection_init without a WebSocket token of the gateway's key.
    const wsUrl = supervision.url.replace('http', 'ws');
    expect(await closeCodeOf(wsUrl, { identity: await signUpstreamIdentity(upstreamKey('y'.repeat(40)), admin, { websocket: true }) })).toBe(4403);
    expect(await closeCodeOf(wsUrl, { identity: await signUpstreamIdentity(KEY, admin, { body }) })).toBe(4403);
    expect(await closeCodeOf(wsUrl, { identity: await signUpstreamIdentity(KEY, admin, { websocket: true }) })).toBe(-1);
  });
});

describe('WebSockets authenticate at connection_init', () => {
  it('closes 4401 without a token and 4403 with a bad one', async () => {
    expect(await closeCodeOf(hub.wsUrl, {})).toBe(WS_CLOSE.UNAUTHORIZED);
    expect(await closeCodeOf(hub.wsUrl, { authorization: 'Bearer forged' })).toBe(WS_CLOSE.FORBIDDEN);
  });

  it('closes the socket 4401 when its token expires', async () => {
    const token = await hub.token({ role: 'dashboard', subject: 'dashboard:short', expiresIn: 2 });
    const opened = Date.now();
    const closed = await new Promise<{ code: number; reason: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('still open 6 s later')), 6000);
      const client = createClient({
        url: hub.wsUrl, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, onNonLazyError: () => {},
        connectionParams: { authorization: `Bearer ${token}` },
        on: { closed: (event) => { clearTimeout(timer); resolve(event as { code: number; reason: string }); void client.dispose(); } },
      });
    });
    expect(closed.code).toBe(WS_CLOSE.UNAUTHORIZED);
    expect(closed.reason).toMatch(/expired/);
    // JWT times are whole seconds: the token ran out between one and two seconds after it was minted.
    expect(Date.now() - opened).toBeGreaterThan(900);
  });
});

describe('rate limit per identity', () => {
  it('answers 429 RATE_LIMITED with Retry-After past the budget, for that identity only', async () => {
    const limited = await startTestHub({ only: ['agencies'], security: { limits: { rateLimit: 3, rateWindowSeconds: 60 } } });
    try {
      const alice = await limited.as({ role: 'citizen', subject: 'citizen:alice' });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(limited.url, { method: 'POST', headers: { 'content-type': 'application/json', ...alice }, body: JSON.stringify({ query: PUBLIC_QUERY }) })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await fetch(limited.url, { method: 'POST', headers: { 'content-type': 'application/json', ...alice }, body: JSON.stringify({ query: PUBLIC_QUERY }) });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await codeOf(refused)).toBe('RATE_LIMITED');
      const bob = await limited.query(PUBLIC_QUERY, {}, limited.as({ role: 'citizen', subject: 'citizen:bob' }));
      expect(bob.data).toEqual({ agency: { name: '通化市住建局' } });
    } finally {
      await limited.stop();
    }
  });
});

describe('production mode', () => {
  it('verifies tokens against the identity provider JWKS, and turns off introspection and the IDE', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    const jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
    const prod = await startTestHub({
      only: ['agencies', 'supervision'],
      security: { mode: 'production', tokens: { kind: 'jwks', url: jwksUrl, issuer: 'https://id.example.gov', audience: 'civicgraph' } },
    });
    try {
      const providerToken = await new SignJWT({ roles: ['supervisor'], agency: 'jl-gov-supervision', scope: 'appeals:read' })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setSubject('supervisor:li')
        .setIssuer('https://id.example.gov')
        .setAudience('civicgraph')
        .setExpirationTime('5m')
        .sign(privateKey);
      const read = await prod.query('{ cases(first: 1) { totalCount } }', {}, { authorization: `Bearer ${providerToken}` });
      expect(read).toEqual({ data: { cases: { totalCount: 0 } } });
      // A development (HS256) token means nothing here.
      const dev = await fetch(prod.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await prod.token({ role: 'admin' })}` }, body: JSON.stringify({ query: PUBLIC_QUERY }) });
      expect(dev.status).toBe(401);
      const introspection = await prod.query('{ __schema { queryType { name } } }', {}, { authorization: `Bearer ${providerToken}` });
      expect(introspection.data ?? null).toBeNull();
      expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
      // Nor does a typo map the schema: no "Did you mean …" when introspection is off.
      const typo = await prod.query('{ casez { totalCount } }', {}, { authorization: `Bearer ${providerToken}` });
      expect(typo.errors?.[0]).toMatchObject({ message: 'Cannot query field "casez" on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
      const ide = await fetch(prod.url, { headers: { accept: 'text/html' } });
      expect(await ide.text()).not.toContain('<html');
    } finally {
      await prod.stop();
      jwks.close();
    }
  });
});

/** Opens a graphql-ws connection with these connectionParams and resolves with the close code (-1: it was accepted). */
async function closeCodeOf(url: string, connectionParams: Record<string, unknown>): Promise<number> {
  let client: ReturnType<typeof createClient> | undefined;
  const code = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the socket neither closed nor connected')), 5000);
    const done = (value: number) => {
      clearTimeout(timer);
      resolve(value);
    };
    client = createClient({
      url,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams,
      onNonLazyError: () => {}, // the close is what this helper reports
      on: { closed: (event) => done((event as { code: number }).code), connected: () => done(-1) },
    });
  });
  await client?.dispose();
  return code;
}
