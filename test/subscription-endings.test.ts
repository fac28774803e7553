import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import WebSocket from 'ws';
import { decodeJwt } from 'jose';
import { startTestHub, type Subscription, type TestHub } from './support/hub.ts';
import { subscribeOverSse, type SseEvent } from './support/sse.ts';

// Subscriptions end on every transport when their token expires, and a subscriber that stops
// reading is closed once it falls behind the bound, without holding back anyone else.
const BOUND = { maxPendingEvents: 50, maxPendingBytes: 256 * 1024 };
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ subscribers: BOUND });
});
afterAll(() => hub?.stop());

const FEED = `subscription($filter: MessageEventFilter) { messageEvents(filter: $filter) { cursor action to at message { number content } } }`;
const TONGHUA = { filter: { regionCode: '220500' } };

async function post(content = '晚上很黑。'): Promise<string> {
  const { postMessage } = await hub.ok(
    `mutation($input: PostMessageInput!) { postMessage(input: $input) { id number } }`,
    { input: { boardId: 'th-secretary', regionCode: '220502', title: '路灯不亮', content } },
    hub.as({ role: 'citizen', subject: 'citizen:lin' }),
  );
  return postMessage.number;
}

const waitFor = async (condition: () => boolean, attempts = 400) => {
  for (let i = 0; i < attempts && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  return condition();
};

describe('a subscription over SSE', () => {
  it('ends when its token expires: a last TOKEN_EXPIRED event, then complete, and nothing from after the expiry', async () => {
    const token = await hub.token({ role: 'dashboard', subject: 'dashboard:sse', expiresIn: 5 });
    const expiresAt = decodeJwt(token).exp! * 1000;
    const streamsBefore = hub.services.events.activeStreams;
    const stream = subscribeOverSse(hub.url, FEED, TONGHUA, token);
    const received: SseEvent[] = [];
    const reading = (async () => {
      for await (const event of stream) received.push(event);
    })();
    expect(await waitFor(() => hub.services.events.activeStreams > streamsBefore)).toBe(true);

    // Keep writing through the expiry (bounded), so that events happen after it as well as before.
    let ended = false;
    void reading.then(() => (ended = true));
    const posted: string[] = [];
    for (let i = 0; i < 120 && !ended; i++) {
      posted.push(await post());
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await reading;
    expect(ended).toBe(true);

    const nexts = received.filter((e) => e.event === 'next').map((e) => JSON.parse(e.data));
    const delivered = nexts.slice(0, -1).map((result) => result.data.messageEvents);
    expect(delivered.length).toBeGreaterThan(0);
    expect(nexts.slice(0, -1).every((result) => result.errors === undefined)).toBe(true);
    // Only events that happened before the token expired, in order of posting.
    for (const event of delivered) expect(Date.parse(event.at)).toBeLessThan(expiresAt);
    expect(delivered.map((e: any) => e.message.number)).toEqual(posted.slice(0, delivered.length));
    // The last event says why, then the stream completes and closes.
    expect(nexts.at(-1)).toMatchObject({ errors: [{ extensions: { code: 'TOKEN_EXPIRED' } }] });
    expect(received.at(-1)?.event).toBe('complete');
    expect(received.map((e) => e.event)).toEqual([...nexts.map(() => 'next'), 'complete']);
    // And its upstream stream is released.
    expect(await waitFor(() => hub.services.events.activeStreams === streamsBefore)).toBe(true);
  });

  it('over WebSockets the socket itself closes 4401 at expiry', async () => {
    const token = await hub.token({ role: 'dashboard', subject: 'dashboard:ws', expiresIn: 2 });
    const socket = new WebSocket(hub.wsUrl, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
    expect(await closed).toBe(4401);
  });
});

/** A raw graphql-transport-ws client: connects, acknowledges, and counts what it receives. */
async function rawClient(token: string) {
  const socket = new WebSocket(hub.wsUrl, 'graphql-transport-ws');
  const counts = { next: 0, other: 0 };
  const acked = new Promise<void>((resolve, reject) => {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'connection_ack') resolve();
      else if (message.type === 'next') counts.next++;
      else counts.other++;
    });
    socket.once('close', (code) => reject(new Error(`closed ${code} before connection_ack`)));
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await acked;
  return { socket, counts, closed };
}

/**
 * The numbers of the messages this test posted, in the order a live feed delivers them. On a shared
 * PostgreSQL server a live feed may first deliver a few messages posted just before it subscribed
 * (an earlier test's, held back while a transaction of another database was still running): those
 * are older than this test's first and are passed over.
 */
async function numbersPostedHere(feed: Subscription<any>, posted: string[]): Promise<string[]> {
  const seen: string[] = [];
  for (let read = 0; seen.length < posted.length && read < posted.length + 200; read++) {
    const { data, errors } = await feed.next();
    expect(errors).toBeUndefined();
    const number: string = data.messageEvents.message.number;
    if (posted.includes(number)) seen.push(number);
    else expect(number < posted[0]!, `${number} is neither this test's nor older than it`).toBe(true);
  }
  return seen;
}

/** Each event several times over (aliases), so that the slow socket outgrows the kernel's buffers quickly. */
const HEAVY_FEED = `subscription($filter: MessageEventFilter) { messageEvents(filter: $filter) { cursor message { number ${
  Array.from({ length: 15 }, (_, i) => `c${i}: content`).join(' ')
} } } }`;

describe('a subscriber that stops reading', () => {
  it('is closed 4413 once it falls behind the bound, while a subscriber of the same group loses nothing', async () => {
    const fast = hub.subscribe(HEAVY_FEED, TONGHUA, await hub.token({ role: 'dashboard', subject: 'dashboard:fast' }));
    await fast.ready();
    // The slow one follows the same feed ten times over on one socket, in the same access class:
    // all eleven are members of one shared upstream subscription.
    const slow = await rawClient(await hub.token({ role: 'dashboard', subject: 'dashboard:slow' }));
    const SLOW_SUBSCRIPTIONS = 10;
    for (let id = 0; id < SLOW_SUBSCRIPTIONS; id++) {
      slow.socket.send(JSON.stringify({ id: String(id), type: 'subscribe', payload: { query: HEAVY_FEED, variables: TONGHUA } }));
    }
    expect(await waitFor(() => hub.gateway.subscriptions().members === 1 + SLOW_SUBSCRIPTIONS)).toBe(true);
    expect(hub.gateway.subscriptions().groups).toBe(1);
    slow.socket.pause();

    // About 40 KB an event for the fast subscriber, ten times that for the slow socket: far more
    // than the bound and what the kernel's socket buffers take in before anything waits.
    const EVENTS = 50;
    const content = '路灯不亮，晚上很黑，老人孩子出行不便。'.repeat(50);
    const posted: string[] = [];
    let resumed = false;
    for (let i = 0; i < EVENTS; i++) {
      posted.push(await post(content));
      // Once the gateway has let go of it, the slow socket reads again (before the close handshake times out).
      if (!resumed && hub.gateway.subscriptions().members === 1) {
        slow.socket.resume();
        resumed = true;
      }
    }
    expect(resumed).toBe(true);

    expect(await numbersPostedHere(fast, posted)).toEqual(posted);

    // The slow socket, read again, found what was sent before it was closed, then the close code.
    expect(await slow.closed).toBe(4413);
    expect(slow.counts.next).toBeLessThan(EVENTS * SLOW_SUBSCRIPTIONS);
    // Its members left the group; the fast subscriber's subscription goes on.
    expect(hub.gateway.subscriptions()).toEqual({ groups: 1, members: 1 });
    const more = await post();
    expect((await fast.next()).data).toMatchObject({ messageEvents: { message: { number: more } } });
    await fast.close();
  });
});

/** One response has one connection's buffers to fill: nineteen copies of a long message an event. */
const HEAVIEST_FEED = HEAVY_FEED.replace(/c0: content.*content/, Array.from({ length: 19 }, (_, i) => `c${i}: content`).join(' '));

describe('an SSE subscriber that stops reading', () => {
  it('has its response ended once it falls behind the bound, while a WebSocket subscriber loses nothing', async () => {
    const fast = hub.subscribe(HEAVIEST_FEED, TONGHUA, await hub.token({ role: 'dashboard', subject: 'dashboard:fast-ws' }));
    await fast.ready();
    const streamsBefore = hub.services.events.activeStreams;
    // A raw HTTP request whose response is paused: it reads nothing after the headers.
    const token = await hub.token({ role: 'dashboard', subject: 'dashboard:slow-sse' });
    const body = JSON.stringify({ query: HEAVIEST_FEED, variables: TONGHUA });
    let bytes = 0;
    let completed = false;
    const ended = new Promise<void>((resolve, reject) => {
      const req = request(hub.url, {
        method: 'POST',
        headers: { accept: 'text/event-stream', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` },
      }, (res) => {
        expect(res.statusCode).toBe(200);
        res.pause();
        slowResponse = res;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (chunk.includes('event: complete')) completed = true;
        });
        res.on('close', () => resolve());
      });
      req.on('error', reject);
      req.end(body);
    });
    let slowResponse: import('node:http').IncomingMessage | undefined;
    expect(await waitFor(() => hub.services.events.activeStreams > streamsBefore && slowResponse !== undefined)).toBe(true);

    const EVENTS = 30;
    const content = '路灯不亮，晚上很黑，老人孩子出行不便。'.repeat(250);
    const posted: string[] = [];
    let resumed = false;
    for (let i = 0; i < EVENTS; i++) {
      posted.push(await post(content));
      // The gateway let go of it: its upstream stream is released. Read again to see how it ended.
      if (!resumed && hub.services.events.activeStreams === streamsBefore) {
        slowResponse!.resume();
        resumed = true;
      }
    }
    expect(resumed).toBe(true);
    await ended;
    // Ended, not completed: it was cut off with less than everything.
    expect(completed).toBe(false);
    expect(bytes).toBeLessThan(EVENTS * 19 * Buffer.byteLength(content));
    expect(await numbersPostedHere(fast, posted)).toEqual(posted);
    await fast.close();
  });
});
