/** One event of a text/event-stream response. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * A GraphQL subscription over SSE as graphql-sse's "distinct connections" mode sends it: a POST
 * with `Accept: text/event-stream`, answered by a stream of `next` events and a last `complete`.
 */
export async function* subscribeOverSse(url: string, query: string, variables: Record<string, unknown>, token: string, signal?: AbortSignal): AsyncGenerator<SseEvent> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  if (!response.ok || !response.body) throw new Error(`SSE subscription refused: ${response.status} ${await response.text()}`);
  const decoder = new TextDecoder();
  let buffered = '';
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffered += decoder.decode(value, { stream: true });
    for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const field = (name: string) =>
        block.split('\n').filter((line) => line.startsWith(`${name}:`)).map((line) => line.slice(name.length + 1).trimStart()).join('\n');
      // Comment lines (":") are keep-alives.
      if (field('event') || field('data')) yield { event: field('event'), data: field('data') };
    }
  }
}
