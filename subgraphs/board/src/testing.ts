import { serveSubgraph, type Identity, type RequestContext, type Services, type SubgraphDefinition } from '@civicgraph/platform';
import { expect, it } from 'vitest';
import { postSigned, startTestSubgraph, TEST_ADMIN, testIdentity, testUpstreamKey, type GraphQLResponse, type TestSubgraph } from '@civicgraph/platform/testing';
import { subgraph as agencies } from '@civicgraph/agencies';
import { subgraph as board } from './server.ts';

/** The citizen who posts the test appeals. */
export const POSTER = testIdentity('citizen', { subject: 'citizen:test-poster' });

/**
 * For the departments' tests: the real board subgraph served on the test database (its migrations
 * and boards must be prepared), so appeals are created through the board's own API rather than
 * written by hand. Requests are signed as the gateway would sign them, with a key of its own.
 */
export async function startBoard(services: Services) {
  const upstreamKey = testUpstreamKey();
  const running = await serveSubgraph(board, services, { upstreamKey });
  const gql = async (query: string, variables: Record<string, unknown> = {}, as: Identity = TEST_ADMIN) =>
    postSigned(running.url, upstreamKey, as, query, variables);
  /** Posts `count` messages in one request (mutations run in order) and returns their ids. */
  const post = async (count: number, input: Record<string, unknown> = {}): Promise<string[]> => {
    const fields = Array.from({ length: count }, (_, i) => `m${i}: postMessage(input: $input) { id }`).join('\n');
    const response = await gql(`mutation($input: PostMessageInput!) { ${fields} }`, {
      input: { boardId: 'th-secretary', title: '道路没有人行道', content: '孩子上学路上存在安全隐患', regionCode: '220502', category: '城乡建设', ...input },
    }, POSTER);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return Array.from({ length: count }, (_, i) => (response.data![`m${i}`] as { id: string }).id);
  };
  return { url: running.url, post, gql, stop: () => running.stop() };
}
export type BoardForTests = Awaited<ReturnType<typeof startBoard>>;

/**
 * A department subgraph under test on a fresh database with the agency directory and the boards,
 * and the board served beside it to post the appeals its orders answer; `sg.stop()` stops both.
 */
export async function startWithBoard<Ctx extends RequestContext>(
  definition: SubgraphDefinition<Ctx>,
  now: Date,
): Promise<{ sg: TestSubgraph; appeals: BoardForTests }> {
  const sg = await startTestSubgraph(definition, { prepare: [agencies, board], now });
  const appeals = await startBoard(sg.services);
  const stop = async () => {
    await appeals.stop();
    await sg.stop();
  };
  return { sg: { ...sg, stop }, appeals };
}

/**
 * A department test's calls on `sg()` (assigned once the test has started): `gql` as `caller`
 * unless another is named, `ok` the first field's data (failing the test on any error), `at` sets
 * the test clock.
 */
export function callsAs(sg: () => TestSubgraph, caller: Identity) {
  const gql = (query: string, variables: Record<string, unknown> = {}, actor: Identity = caller) => sg().query(query, variables, actor);
  return {
    at: (iso: string) => sg().services.clock.set(new Date(iso)),
    gql,
    ok: async (query: string, variables: Record<string, unknown> = {}, actor?: Identity) => {
      const response = await gql(query, variables, actor);
      if (response.errors) throw new Error(JSON.stringify(response.errors));
      return Object.values(response.data!)[0] as Record<string, any>;
    },
  };
}

/** A refusal case: its name, what it needs prepared (an id, say), the refused request, the code expected. */
export type RefusalCase = [string, () => Promise<string>, (prepared: string) => Promise<GraphQLResponse>, string];

/**
 * Each case is refused with its code and writes nothing: `written` is the subgraph's checksum of
 * everything it writes, equal before and after.
 */
export function itRefusesWritingNothing(cases: RefusalCase[], written: () => Promise<unknown>) {
  it.each(cases)('%s', async (_name, prepare, refused, code) => {
    const prepared = await prepare();
    const before = await written();
    const response = await refused(prepared);
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    expect(await written()).toEqual(before);
  });
}
