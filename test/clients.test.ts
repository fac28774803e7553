import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import WebSocket from 'ws';
import { Client as UrqlClient, fetchExchange } from '@urql/core';
import { ApolloClient, HttpLink, InMemoryCache, gql, type TypedDocumentNode, type TypePolicies } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import { corsOriginsFromEnv } from '@civicgraph/gateway';
import { startTestHub, type TestHub } from './support/hub.ts';
import { followFeed } from './support/follow-feed.ts';

// Standard clients with their defaults, as offices, integrators and dashboards use them: urql
// (GET queries), Apollo Client (persisted queries, normalised cache), GraphiQL's subscriptions
// (GET + text/event-stream), browsers' CORS preflights, graphql-ws across a token's expiry.
const OFFICE = 'https://office.example.gov';
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ corsOrigins: [OFFICE, 'http://localhost:5173'] });
});
afterAll(() => hub?.stop());

const TONGHUA_HANDLER = { role: 'handler', agency: 'th-housing', subject: 'handler:th' } as const;
const INTEGRATOR = { role: 'integrator', subject: 'integrator:acme' } as const;

/** fetch, recording what each request sent and what came back. */
function recordingFetch() {
  const sent: { method: string; url: URL; headers: Headers; body: any }[] = [];
  const codes: (string | undefined)[] = [];
  const record: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const text = request.method === 'POST' ? await request.clone().text() : '';
    sent.push({ method: request.method, url: new URL(request.url), headers: request.headers, body: text ? JSON.parse(text) : undefined });
    const response = await fetch(request);
    // An event stream is left alone: reading it whole would wait for its end.
    const json = response.headers.get('content-type')?.includes('json');
    const body = (json ? await response.clone().json().catch(() => undefined) : undefined) as { errors?: { extensions?: { code?: string } }[] } | undefined;
    codes.push(body?.errors?.[0]?.extensions?.code);
    return response;
  };
  return { fetch: record, sent, codes };
}

describe('urql with its defaults', () => {
  it('sends queries as GET (no CSRF header) and mutations as POST, with a bearer token', async () => {
    const { fetch, sent } = recordingFetch();
    const headers = await hub.as(TONGHUA_HANDLER);
    const client = new UrqlClient({ url: hub.url, exchanges: [fetchExchange], fetch, fetchOptions: () => ({ headers }) });
    const query = await client.query(`{ agency(id: "th-housing") { name } cases(first: 1) { totalCount } }`, {}).toPromise();
    expect(query.error).toBeUndefined();
    expect(query.data).toEqual({ agency: { name: '通化市住建局' }, cases: { totalCount: 0 } });
    expect(sent[0]!.method).toBe('GET');
    expect(sent[0]!.headers.has('x-graphql-csrf')).toBe(false);

    const citizenHeaders = await hub.as({ role: 'citizen', subject: 'citizen:urql' });
    const citizen = new UrqlClient({ url: hub.url, exchanges: [fetchExchange], fetch, fetchOptions: () => ({ headers: citizenHeaders }) });
    const posted = await citizen
      .mutation(`mutation($input: PostMessageInput!) { postMessage(input: $input) { number status } }`, {
        input: { boardId: 'th-secretary', regionCode: '220502', title: '井盖松动', content: '人民大街井盖松动。' },
      })
      .toPromise();
    expect(posted.error).toBeUndefined();
    expect(posted.data.postMessage.status).toBe('SUBMITTED');
    expect(sent[1]!.method).toBe('POST');
  });

  it('a GET never runs a mutation; an anonymous form POST still needs the CSRF header', async () => {
    const mutation = `mutation { acceptMessage(id: "00000000-0000-4000-8000-000000000000") { id } }`;
    const get = await fetch(`${hub.url}?query=${encodeURIComponent(mutation)}`, { headers: { ...(await hub.as('admin:get')), accept: 'application/json' } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const anonymousGet = await fetch(`${hub.url}?query=${encodeURIComponent('{ agency(id: "th-housing") { name } }')}`, { headers: { accept: 'application/json' } });
    expect(await anonymousGet.json()).toEqual({ data: { agency: { name: '通化市住建局' } } });
    const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `query=${encodeURIComponent(mutation)}` };
    const refused = await fetch(hub.url, form);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe('CSRF_HEADER_REQUIRED');
  });
});

describe('Apollo Client', () => {
  const casesPage = readFileSync(new URL('../gateway/trusted-operations/CasesPage.graphql', import.meta.url), 'utf8');
  const UNTRUSTED = gql`query Untrusted { cases(first: 1) { totalCount } }`;
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  async function apollo(claims: Parameters<TestHub['as']>[0], options: { useGETForHashedQueries?: boolean } = {}) {
    const recorder = recordingFetch();
    const link = new PersistedQueryLink({ sha256, ...options }).concat(new HttpLink({ uri: hub.url, headers: await hub.as(claims), fetch: recorder.fetch }));
    return { client: new ApolloClient({ link, cache: new InMemoryCache() }), ...recorder };
  }

  it('PersistedQueryLink finds the trusted operations by the hash Apollo computes, POST and GET', async () => {
    for (const useGETForHashedQueries of [false, true]) {
      const { client, sent } = await apollo(INTEGRATOR, { useGETForHashedQueries });
      const { data } = await client.query({ query: gql(casesPage), variables: { first: 1 } });
      // Apollo's cache added __typename everywhere; the gateway ran that form of the trusted operation.
      expect(data).toMatchObject({ cases: { __typename: 'CaseConnection', totalCount: expect.any(Number), pageInfo: { __typename: 'PageInfo' }, edges: expect.any(Array) } });
      // One request, by hash only: no fallback to the document was needed.
      expect(sent).toHaveLength(1);
      expect(sent[0]!.method).toBe(useGETForHashedQueries ? 'GET' : 'POST');
      const sentQuery = useGETForHashedQueries ? sent[0]!.url.searchParams.get('query') : sent[0]!.body.query;
      expect(sentQuery ?? undefined).toBeUndefined();
    }
  });

  it('an unknown hash is PERSISTED_QUERY_NOT_FOUND: a supervisor falls back to the document, an integrator may not', async () => {
    const supervisor = await apollo({ role: 'supervisor', agency: 'jl-gov-supervision', subject: 'supervisor:apollo' });
    const { data } = await supervisor.client.query({ query: UNTRUSTED });
    expect(data).toEqual({ cases: { __typename: 'CaseConnection', totalCount: expect.any(Number) } });
    expect(supervisor.codes).toEqual(['PERSISTED_QUERY_NOT_FOUND', undefined]);
    expect(supervisor.sent[1]!.body.query).toContain('query Untrusted');

    const integrator = await apollo(INTEGRATOR);
    await expect(integrator.client.query({ query: UNTRUSTED })).rejects.toThrow(/trusted operations/);
    expect(integrator.codes).toEqual(['PERSISTED_QUERY_NOT_FOUND', 'TRUSTED_OPERATIONS_ONLY']);
    // A made-up hash with a trusted-looking body gets nothing either.
    const forged = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await hub.as(INTEGRATOR)) },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ cases { totalCount } }') } } }),
    });
    expect(((await forged.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it("InMemoryCache normalises Region by code with the README's keyFields, without warnings", async () => {
    const warnings = vi.spyOn(console, 'warn');
    const errors = vi.spyOn(console, 'error');
    const headers = await hub.as(TONGHUA_HANDLER);
    const cacheWith = (typePolicies: TypePolicies) => new ApolloClient({ link: new HttpLink({ uri: hub.url, headers }), cache: new InMemoryCache({ typePolicies }) });
    type Region = { code: string; name: string };
    const CITIES: TypedDocumentNode<{ regions: Region[] }> = gql`{ regions(parentCode: "220000") { code name } }`;
    const BOARDS: TypedDocumentNode<{ boards: { region: Region & { level: string } }[] }> = gql`{ boards(regionCode: "220500") { id region { code level parent { code name } } } }`;
    try {
      const keyed = cacheWith({ Region: { keyFields: ['code'] } });
      const cities = (await keyed.query({ query: CITIES })).data!.regions;
      const boards = (await keyed.query({ query: BOARDS })).data!.boards;
      expect(cities.length).toBeGreaterThan(5);
      expect(boards.length).toBeGreaterThan(0);
      const stored = keyed.cache.extract() as Record<string, any>;
      // One entry per region, holding the fields of both queries.
      expect(stored['Region:{"code":"220500"}']).toMatchObject({ code: '220500', name: cities.find((c) => c.code === '220500')!.name, level: 'PREFECTURE' });
      expect(stored['Region:{"code":"220000"}']).toMatchObject({ code: '220000', name: expect.any(String) });
      expect(stored.ROOT_QUERY.regions ?? stored.ROOT_QUERY['regions({"parentCode":"220000"})']).toContainEqual({ __ref: 'Region:{"code":"220500"}' });
      // Both queries still read whole from the cache.
      expect((await keyed.query({ query: CITIES, fetchPolicy: 'cache-only' })).data!.regions).toEqual(cities);
      expect(warnings).not.toHaveBeenCalled();
      expect(errors).not.toHaveBeenCalled();

      // Without keyFields, Apollo cannot identify a Region (no id) and keeps copies inside each parent.
      const unkeyed = cacheWith({});
      await unkeyed.query({ query: CITIES });
      expect(Object.keys(unkeyed.cache.extract() as object).filter((key) => key.startsWith('Region:'))).toEqual([]);
    } finally {
      warnings.mockRestore();
      errors.mockRestore();
    }
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    fetch(hub.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });

  it('answers preflights from allowed origins with that origin, never with credentials', async () => {
    for (const origin of [OFFICE, 'http://localhost:5173']) {
      const response = await preflight(origin);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST');
      expect(response.headers.get('access-control-allow-headers')?.split(', ')).toEqual(expect.arrayContaining(['authorization', 'content-type']));
      expect(response.headers.get('vary')).toMatch(/Origin/);
    }
    const query = '{ agency(id: "th-housing") { name } }';
    const answer = await fetch(hub.url, { method: 'POST', headers: { origin: OFFICE, 'content-type': 'application/json', ...(await hub.as(TONGHUA_HANDLER)) }, body: JSON.stringify({ query }) });
    expect(answer.headers.get('access-control-allow-origin')).toBe(OFFICE);
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    expect(await answer.json()).toEqual({ data: { agency: { name: '通化市住建局' } } });
  });

  it('takes its allow-list from CIVICGRAPH_CORS_ORIGINS: exact origins only', () => {
    expect(corsOriginsFromEnv({ CIVICGRAPH_CORS_ORIGINS: ` ${OFFICE}, http://localhost:5173 ` })).toEqual([OFFICE, 'http://localhost:5173']);
    expect(corsOriginsFromEnv({})).toEqual([]);
    for (const bad of ['*', `${OFFICE}/`, `${OFFICE}/app`, 'office.example.gov', 'ftp://office.example.gov', 'null']) {
      expect(() => corsOriginsFromEnv({ CIVICGRAPH_CORS_ORIGINS: bad }), bad).toThrow(/CIVICGRAPH_CORS_ORIGINS/);
    }
  });

  it('gives other origins (look-alikes, null, a suffix match) no CORS headers at all', async () => {
    for (const origin of ['https://evil.example', 'null', 'https://office.example.gov.evil.example', 'http://office.example.gov', 'https://office.example.gov:8443']) {
      const response = await preflight(origin);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      const answer = await fetch(hub.url, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ boards { id } }' }) });
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('subscriptions as GraphiQL and dashboards make them', () => {
  const FEED = `subscription($filter: MessageEventFilter, $after: String) { messageEvents(filter: $filter, after: $after) { cursor action message { number } } }`;
  const TONGHUA = { filter: { regionCode: '220500' } };
  const DASHBOARD = { role: 'dashboard', subject: 'dashboard:wall' } as const;

  async function postAndAccept(title: string): Promise<string> {
    const { postMessage } = await hub.ok(
      `mutation($input: PostMessageInput!) { postMessage(input: $input) { id number } }`,
      { input: { boardId: 'th-secretary', regionCode: '220502', title, content: '晚上很黑。' } },
      hub.as({ role: 'citizen', subject: 'citizen:lin' }),
    );
    await hub.ok(`mutation($id: ID!) { acceptMessage(id: $id) { id } }`, { id: postMessage.id });
    return postMessage.number;
  }

  const waitFor = async (condition: () => boolean, what: string) => {
    for (let i = 0; i < 600 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    if (!condition()) throw new Error(`never happened: ${what}`);
  };

  it('GraphiQL: its HTTP executor subscribes with GET + text/event-stream and a bearer header, no CSRF header', async () => {
    const { fetch, sent } = recordingFetch();
    const executor = buildHTTPExecutor({ endpoint: hub.url, headers: await hub.as(DASHBOARD), fetch });
    const streamsBefore = hub.services.events.activeStreams;
    const stream = (await executor({ document: parse(FEED), variables: TONGHUA })) as AsyncIterableIterator<any>;
    const first = stream.next();
    await waitFor(() => hub.services.events.activeStreams > streamsBefore, 'the SSE subscription reached the event log');
    const number = await postAndAccept('路灯不亮 (GraphiQL)');
    const { value } = await first;
    expect(value.errors).toBeUndefined();
    expect(value.data.messageEvents).toMatchObject({ action: 'POST', message: { number } });
    expect(sent[0]!.method).toBe('GET');
    expect(sent[0]!.headers.get('accept')).toBe('text/event-stream');
    expect(sent[0]!.headers.has('x-graphql-csrf')).toBe(false);
    await stream.return?.();
    await waitFor(() => hub.services.events.activeStreams === streamsBefore, 'the SSE subscription ended upstream');
  });

  /**
   * A feed followed by the README's recipe, starting after the cursor `eventCursor` gave: its first
   * socket signs in with a token that lives `seconds`, the next waits until `release` gives it one.
   */
  async function feedWithShortToken(seconds: number) {
    const { eventCursor } = await hub.ok<{ eventCursor: string }>(`{ eventCursor }`, {}, hub.as(DASHBOARD));
    const shortLived = await hub.token({ ...DASHBOARD, expiresIn: seconds });
    let release!: (token: string) => void;
    const fresh = new Promise<string>((resolve) => (release = resolve));
    const state = { tokensAsked: 0, closes: [] as number[], events: [] as { cursor: string; action: string; message: { number: string } }[], failures: [] as unknown[] };
    const membersBefore = hub.gateway.subscriptions().members;
    const streamsBefore = hub.services.events.activeStreams;
    const feed = followFeed<(typeof state.events)[number]>({
      url: hub.wsUrl,
      webSocketImpl: WebSocket,
      query: FEED,
      field: 'messageEvents',
      variables: TONGHUA,
      cursor: eventCursor,
      token: () => (++state.tokensAsked === 1 ? Promise.resolve(shortLived) : fresh),
      onEvent: (event) => state.events.push(event),
      onClose: (code) => state.closes.push(code),
      onError: (error) => state.failures.push(error),
    });
    // Joined its group, and its replay from the cursor reached the event log.
    const reached = () => hub.gateway.subscriptions().members > membersBefore && hub.services.events.activeStreams > streamsBefore;
    return { feed, state, reached, release: async () => release(await hub.token(DASHBOARD)) };
  }

  const numbersAndActions = (events: { action: string; message: { number: string } }[]) => events.map((e) => [e.message.number, e.action]);
  const postedAndAccepted = (...numbers: string[]) => numbers.flatMap((number) => [[number, 'POST'], [number, 'ACCEPT']]);

  it('graphql-ws: a feed whose token expires (4401) resumes with a fresh token after its last cursor, nothing lost or repeated', async () => {
    const { feed, state, reached, release } = await feedWithShortToken(5);
    try {
      await waitFor(reached, 'the feed reached the event log');
      // Delivered live, or (should the token expire first) replayed after the reconnect.
      const before = await postAndAccept('路灯不亮 (before expiry)');
      await waitFor(() => state.closes.includes(4401), 'the gateway closed the socket at expiry');
      // The feed is down and waiting for a fresh token: what happens now must not be lost.
      const during = await postAndAccept('路灯不亮 (while signed out)');
      await release();
      await waitFor(() => state.events.length >= 4, `the missed events replayed (have ${JSON.stringify(numbersAndActions(state.events))})`);
      const after = await postAndAccept('路灯不亮 (after reconnect)');
      await waitFor(() => state.events.length >= 6, 'live events after the reconnect');

      expect(numbersAndActions(state.events)).toEqual(postedAndAccepted(before, during, after));
      expect(new Set(state.events.map((e) => e.cursor)).size).toBe(6);
      expect(state.tokensAsked).toBe(2);
      expect(state.closes[0]).toBe(4401);
      expect(state.failures).toEqual([]);
    } finally {
      await feed.stop();
    }
  });

  it('graphql-ws: a feed whose token expired before any event came still gets what happened meanwhile, from the eventCursor it started at', async () => {
    const { feed, state, reached, release } = await feedWithShortToken(2);
    try {
      await waitFor(reached, 'the feed reached the event log');
      await waitFor(() => state.closes.includes(4401), 'the gateway closed the socket at expiry');
      expect(state.events).toEqual([]);
      const during = await postAndAccept('路灯不亮 (before the first event)');
      await release();
      await waitFor(() => state.events.length >= 2, 'the events made while signed out replayed');
      const after = await postAndAccept('路灯不亮 (live again)');
      await waitFor(() => state.events.length >= 4, 'live events after the reconnect');
      expect(numbersAndActions(state.events)).toEqual(postedAndAccepted(during, after));
      expect(state.failures).toEqual([]);
    } finally {
      await feed.stop();
    }
  });

  it('eventCursor needs events:read, and a feed started after it gets exactly what came later', async () => {
    for (const claims of [undefined, { role: 'citizen', subject: 'citizen:lin' } as const, TONGHUA_HANDLER]) {
      const answer = await hub.query(`{ eventCursor }`, {}, claims ? hub.as(claims) : {});
      expect(answer.data).toBeNull();
      // The gateway refuses the field before any subgraph is asked (its @requiresScopes).
      expect(answer.errors?.map((e: { extensions?: { code?: string } }) => e.extensions?.code)).toEqual(['UNAUTHORIZED_FIELD_OR_TYPE']);
    }
    const earlier = await postAndAccept('路灯不亮 (before the cursor)');
    const { eventCursor } = await hub.ok<{ eventCursor: string }>(`{ eventCursor }`, {}, hub.as(DASHBOARD));
    const later = await postAndAccept('路灯不亮 (after the cursor)');
    const subscription = hub.subscribe(FEED, { ...TONGHUA, after: eventCursor }, await hub.token(DASHBOARD));
    const replayed = [await subscription.next(), await subscription.next()].map((result: any) => result.data.messageEvents);
    expect(numbersAndActions(replayed)).toEqual(postedAndAccepted(later));
    expect(numbersAndActions(replayed).flat()).not.toContain(earlier);
    await subscription.close();
  });
});
