import { fixedClock } from './clock.ts';
import { EventTail } from './events/tail.ts';
import { ROLE_SCOPES, type Identity, type Role } from './auth/identity.ts';
import { IDENTITY_HEADER, signUpstreamIdentity, upstreamKey, type UpstreamKey } from './auth/upstream-token.ts';
import { migratePlatform, migrateSubgraph, serveSubgraph, type RequestContext, type Services, type SubgraphDefinition } from './server/subgraph.ts';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { is, sql, type SQL } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { openDatabase, rowsOf, type Database, type Executor } from './db/database.ts';

/**
 * The database a test file runs on. The test runner sets CIVICGRAPH_TEST_DB per project:
 * "pglite" gives a fresh in-memory PGlite; "postgres" creates a fresh database on the server at
 * TEST_DATABASE_URL and drops it again on close, so test files never see each other's rows.
 */
export async function openTestDatabase(): Promise<Database> {
  if ((process.env.CIVICGRAPH_TEST_DB ?? 'pglite') === 'pglite') return openDatabase();
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('CIVICGRAPH_TEST_DB=postgres needs TEST_DATABASE_URL');
  const name = `civicgraph_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    ...database,
    close: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export const testDatabaseKind = () => (process.env.CIVICGRAPH_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[];
}

/** POSTs one GraphQL operation over real HTTP. */
export async function postGraphQL<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}

/** An identity as a token of `role` would carry (the role's development scopes), for tests. */
export function testIdentity(role: Role, { agency = null, subject }: { agency?: string | null; subject?: string } = {}): Identity {
  return { subject: subject ?? `${role}:${agency ?? 'test'}`, agency, roles: [role], scopes: [...ROLE_SCOPES[role]] };
}

/** The identity subgraph tests act as unless they say otherwise: an administrator, who may do anything. */
export const TEST_ADMIN = testIdentity('admin', { subject: 'admin:test' });

/** A fresh random signing key shared by a test's gateway and subgraphs. */
export const testUpstreamKey = (): UpstreamKey => upstreamKey(randomBytes(32).toString('hex'));

/**
 * One operation POSTed straight to a subgraph as the gateway would send it: the identity `as`
 * signed with `key` and bound to this exact body.
 */
export async function postSigned<T = Record<string, any>>(
  url: string,
  key: UpstreamKey,
  as: Identity,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<T>> {
  const body = JSON.stringify({ query, variables });
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: await signUpstreamIdentity(key, as, { body }) },
    body,
  });
  return (await response.json()) as GraphQLResponse<T>;
}

export interface TestSubgraph {
  url: string;
  services: Services & { clock: ReturnType<typeof fixedClock> };
  /** One operation over HTTP, signed as the gateway would sign `as` (default TEST_ADMIN). */
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, as?: Identity): Promise<GraphQLResponse<T>>;
  /** The connectionParams a gateway's WebSocket for `as` sends at connection_init. */
  connectionParamsFor(as?: Identity): Promise<{ identity: string }>;
  stop(): Promise<void>;
}

/**
 * One subgraph on a fresh test database, served over HTTP on port 0, with a controllable clock.
 * `prepare` lists subgraphs whose migrations and reference data must exist first (the agency
 * directory, say); `seedDemo` also writes the subgraph's own demo data.
 */
export async function startTestSubgraph<Ctx extends RequestContext>(
  definition: SubgraphDefinition<Ctx>,
  { seedDemo = false, prepare = [], now = new Date('2022-09-26T09:00:00+08:00') }: {
    seedDemo?: boolean;
    prepare?: SubgraphDefinition<any>[];
    now?: Date;
  } = {},
): Promise<TestSubgraph> {
  const database = await openTestDatabase();
  const clock = fixedClock(now);
  await migratePlatform(database);
  const events = new EventTail(database, { pollIntervalMs: 100 });
  const services = { database, clock, events };
  for (const other of [...prepare, definition]) {
    await migrateSubgraph(other, database);
    await other.seedReference?.(services);
    if (seedDemo && other === definition) await other.seedDemo?.(services);
  }
  await events.start();
  const key = testUpstreamKey();
  const running = await serveSubgraph(definition, services, { upstreamKey: key });
  return {
    url: running.url,
    services,
    query: (query, variables, as = TEST_ADMIN) => postSigned(running.url, key, as, query, variables),
    connectionParamsFor: async (as = TEST_ADMIN) => ({ identity: await signUpstreamIdentity(key, as, { websocket: true }) }),
    stop: async () => {
      await running.stop();
      await events.stop();
      await database.close();
    },
  };
}

/**
 * What a subgraph's writes have left, read in one statement: the rows of each drizzle table given,
 * or the value of an expression (a count with a condition, a digest of what updates change in
 * place). A test compares it before and after a refused request: anything written shows.
 */
export async function tally<T extends Record<string, PgTable | SQL<unknown>>>(
  db: Executor,
  what: T,
): Promise<{ [K in keyof T]: T[K] extends SQL<infer V> ? V : number }> {
  const columns = Object.entries(what).map(([name, source]) =>
    is(source, PgTable) ? sql`(select count(*)::int from ${source}) as ${sql.identifier(name)}` : sql`(${source}) as ${sql.identifier(name)}`,
  );
  const [row] = rowsOf<{ [K in keyof T]: T[K] extends SQL<infer V> ? V : number }>(await db.execute(sql`select ${sql.join(columns, sql`, `)}`));
  return row!;
}
