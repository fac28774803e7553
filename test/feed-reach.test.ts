import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevTokenClaims } from '@civicgraph/gateway';
import { startTestHub, type Subscription, type TestHub } from './support/hub.ts';

// The live feeds carry an agency's own work: a handler's subscription gets the events of appeals
// within its agency's reach and nothing of another city's, not even of a message whose reply is
// public (with the citizen's return-visit comment). Supervisors get everything. Handlers of two
// cities are two access classes, so the gateway never resolves their events once for both.
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const FEED_SCOPES = ['appeals:read', 'events:read'];
const SUBSCRIBERS = {
  tonghua: { role: 'handler', agency: 'th-housing', subject: 'handler:th-wall', scopes: FEED_SCOPES },
  tonghuaColleague: { role: 'handler', agency: 'th-housing', subject: 'handler:th-desk', scopes: FEED_SCOPES },
  changchun: { role: 'handler', agency: 'cc-housing', subject: 'handler:cc-wall', scopes: FEED_SCOPES },
  supervisor: { role: 'supervisor', agency: 'jl-gov-supervision', subject: 'supervisor:jl' },
} satisfies Record<string, DevTokenClaims>;
type Subscriber = keyof typeof SUBSCRIBERS;
type City = 'tonghua' | 'changchun';
const CITY: Record<City, { board: string; region: string; agency: string }> = {
  tonghua: { board: 'th-secretary', region: '220502', agency: 'th-housing' },
  changchun: { board: 'cc-mayor', region: '220102', agency: 'cc-housing' },
};
/** Which cities' events each subscriber's reach covers. */
const REACH: Record<Subscriber, City[]> = {
  tonghua: ['tonghua'],
  tonghuaColleague: ['tonghua'],
  changchun: ['changchun'],
  supervisor: ['tonghua', 'changchun'],
};

const FEEDS = {
  messageEvents: `subscription { messageEvents { to note message { number } } }`,
  ticketEvents: `subscription { ticketEvents { to note ticket { number } } }`,
  caseEvents: `subscription { caseEvents { to note case { number } } }`,
} as const;
type Feed = keyof typeof FEEDS;
const FEED_NAMES = Object.keys(FEEDS) as Feed[];

/** Every change written, in order: which city, which feed (besides caseEvents, which carries all), number, status. */
const written: { city: City; feed: Feed; number: string; to: string }[] = [];
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function postMessage(city: City): Promise<string> {
  const { postMessage: r } = await hub.ok(
    `mutation($input: PostMessageInput!) { postMessage(input: $input) { id number status } }`,
    { input: { boardId: CITY[city].board, regionCode: CITY[city].region, title: '人行道破损', content: '希望尽快修复。' } },
    hub.as({ role: 'citizen', subject: `citizen:${city}` }),
  );
  written.push({ city, feed: 'messageEvents', number: r.number, to: r.status });
  return r.id;
}

/** One lifecycle mutation on message `id`, as an administrator. */
async function moveMessage(city: City, id: string, mutation: string): Promise<void> {
  const { r } = await hub.ok(`mutation($id: ID!) { r: ${mutation} { number status } }`, { id });
  written.push({ city, feed: 'messageEvents', number: r.number, to: r.status });
}

async function onTicket(city: City, id: string | null, mutation: string): Promise<string> {
  if (!id) {
    const { recordCall } = await hub.ok(`mutation($input: RecordCallInput!) { recordCall(input: $input) { ticket { id number status } } }`, {
      input: {
        hotlineId: 'jl-governor-hotline', seatId: 'jl-governor-hotline-01', agentHandle: 'agent:96118-01', durationSeconds: 120,
        callerPhone: '13943400000', outcome: 'TICKET_OPENED',
        ticket: { title: '农田排水沟堵塞', content: '雨后积水排不出去。', categoryId: 'agriculture.farmland-water', regionCode: CITY[city].region },
      },
    });
    written.push({ city, feed: 'ticketEvents', number: recordCall.ticket.number, to: recordCall.ticket.status });
    return recordCall.ticket.id;
  }
  const { r } = await hub.ok(`mutation($id: ID!) { r: ${mutation} { number status } }`, { id });
  written.push({ city, feed: 'ticketEvents', number: r.number, to: r.status });
  return id;
}

const subscriptions = new Map<string, Subscription<any>>();
const key = (subscriber: Subscriber, feed: Feed) => `${subscriber}/${feed}`;

describe('feeds respect reach', () => {
  beforeAll(async () => {
    for (const subscriber of Object.keys(SUBSCRIBERS) as Subscriber[]) {
      const token = await hub.token(SUBSCRIBERS[subscriber]);
      for (const feed of FEED_NAMES) {
        const subscription = hub.subscribe(FEEDS[feed], undefined, token);
        await subscription.ready();
        subscriptions.set(key(subscriber, feed), subscription);
      }
    }
  });
  afterAll(async () => {
    await Promise.all([...subscriptions.values()].map((s) => s.close()));
  });

  it('share upstream only within a city: handlers of two cities are two access classes', () => {
    // Per feed: the Tonghua handlers (one group), the Changchun handler, the supervisor.
    expect(hub.gateway.subscriptions()).toEqual({ groups: 3 * FEED_NAMES.length, members: 4 * FEED_NAMES.length });
  });

  it('deliver to each subscriber exactly the events of its own reach, public replies and comments included', async () => {
    // The two cities' work interleaved step by step, so that a leaked event of the other city would
    // arrive before a subscriber's own last one.
    const messages: Record<City, string> = { tonghua: '', changchun: '' };
    const cities: City[] = ['tonghua', 'changchun'];
    for (const city of cities) messages[city] = await postMessage(city);
    const lifecycle = [
      'acceptMessage(id: $id)',
      (city: City) => `forwardMessage(id: $id, agencyId: "${CITY[city].agency}", dueAt: "${inDays(20)}")`,
      'acknowledgeMessage(id: $id)',
      'submitReply(id: $id, content: "已修复")',
      'approveReply(id: $id)',
      (city: City) => `recordReturnVisit(id: $id, satisfaction: SATISFIED, comment: "${city}: 修得很快，谢谢")`,
    ];
    for (const step of lifecycle) {
      for (const city of cities) await moveMessage(city, messages[city], typeof step === 'string' ? step : step(city));
    }
    const tickets: Record<City, string> = { tonghua: '', changchun: '' };
    for (const city of cities) tickets[city] = await onTicket(city, null, '');
    for (const city of cities) await onTicket(city, tickets[city], 'acceptTicket(id: $id)');

    const expected = (subscriber: Subscriber, feed: Feed) =>
      written.filter((w) => REACH[subscriber].includes(w.city) && (feed === 'caseEvents' || w.feed === feed)).map((w) => [w.number, w.to]);
    const received = async (subscriber: Subscriber, feed: Feed, count: number) => {
      const events: unknown[][] = [];
      for (let i = 0; i < count; i++) {
        const { data, errors } = await subscriptions.get(key(subscriber, feed))!.next();
        const event = data?.[feed];
        events.push([errors ? errors.map((e) => e.extensions?.code) : (event?.message ?? event?.ticket ?? event?.case)?.number, event?.to]);
        if (event?.note?.includes(':') && !REACH[subscriber].some((city) => event.note.startsWith(city))) events.push(['comment of another city', event.note]);
      }
      return events;
    };
    const got: Record<string, unknown> = {};
    const want: Record<string, unknown> = {};
    await Promise.all(
      (Object.keys(SUBSCRIBERS) as Subscriber[]).flatMap((subscriber) =>
        FEED_NAMES.map(async (feed) => {
          want[key(subscriber, feed)] = expected(subscriber, feed);
          got[key(subscriber, feed)] = await received(subscriber, feed, expected(subscriber, feed).length);
        }),
      ),
    );
    expect(got).toEqual(want);
    // The counts this rests on: seven changes of one message and two of one ticket per city.
    expect(Object.fromEntries(Object.entries(want).map(([k, v]) => [k, (v as unknown[]).length]))).toMatchObject({
      'tonghua/messageEvents': 7, 'changchun/messageEvents': 7, 'supervisor/messageEvents': 14,
      'tonghua/ticketEvents': 2, 'changchun/ticketEvents': 2, 'supervisor/ticketEvents': 4,
      'tonghua/caseEvents': 9, 'changchun/caseEvents': 9, 'supervisor/caseEvents': 18,
    });
  });
});
