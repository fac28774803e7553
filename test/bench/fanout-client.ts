import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

// One client process of the fan-out benchmark (test/bench/fanout.ts): opens a graphql-ws socket
// and a caseEvents subscription per token it is given, and reports per event its latency from
// the transition's time (`at`, taken inside the writing transaction), and what was lost or repeated.
// The tokens come over IPC (thousands of them do not fit in the environment).
const { url, tokens, query, variables } = await new Promise<{ url: string; tokens: string[]; query: string; variables: Record<string, unknown> }>((resolve) =>
  process.once('message', (message) => resolve(message as never)),
);
const HISTOGRAM_MS = 60_000;
const histogram = new Uint32Array(HISTOGRAM_MS + 1);
const seen = tokens.map(() => new Set<string>());
let duplicated = 0;
let errors = 0;
const clients: Client[] = [];

for (const [i, token] of tokens.entries()) {
  const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, connectionParams: { authorization: `Bearer ${token}` } });
  clients.push(client);
  client.subscribe({ query, variables }, {
    next: ({ data, errors: failed }) => {
      if (failed) return void errors++;
      const event = (data as { caseEvents: { cursor: string; at: string } }).caseEvents;
      const latency = Math.max(0, Math.round(Date.now() - Date.parse(event.at)));
      histogram[Math.min(latency, HISTOGRAM_MS)]!++;
      if (seen[i]!.has(event.cursor)) duplicated++;
      else seen[i]!.add(event.cursor);
    },
    error: () => void errors++,
    complete: () => {},
  });
  // Connect at a bounded pace, so the gateway sees a crowd arrive, not a single burst.
  if (i % 200 === 199) await new Promise((resolve) => setTimeout(resolve, 50));
}
process.send!({ type: 'subscribed' });

process.on('message', async (message: { type: string; expected: number }) => {
  if (message.type !== 'report') return;
  // Every subscriber here sees every appeal: each must have received every change once.
  let lost = 0;
  for (const got of seen) lost += Math.max(0, message.expected - got.size);
  process.send!({ type: 'report', histogram: Array.from(histogram), lost, duplicated, errors });
  await Promise.all(clients.map((client) => client.dispose()));
  process.exit(0);
});
