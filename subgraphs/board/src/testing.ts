import { serveSubgraph, type Identity, type Services } from '@civicgraph/platform';
import { postSigned, TEST_ADMIN, testIdentity, testUpstreamKey } from '@civicgraph/platform/testing';
import { subgraph as board } from './server.ts';

/** The citizen who posts the test appeals. */
export const POSTER = testIdentity('citizen', { subject: 'citizen:test-poster' });

/**
 * For tests: the real board subgraph served on the test database (its migrations and boards must
 * be prepared), so appeals are created through the board's own API rather than written by hand.
 * Requests are signed as the gateway would sign them, with a key of its own.
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
