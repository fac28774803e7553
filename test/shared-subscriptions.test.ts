import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevTokenClaims } from '@civicgraph/gateway';
import { startTestHub, type Subscription, type TestHub } from './support/hub.ts';

// Subscribers of the same operation and access class share one upstream subscription and one
// resolution of each event; each still gets every event once, in order, and a resumed subscriber
// gets its replay and then the shared stream without a gap or a duplicate.
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const FEED = `subscription($filter: MessageEventFilter, $after: String) {
  messageEvents(filter: $filter, after: $after) { cursor action to message { number status assignee { name } } }
}`;
const TONGHUA = { filter: { regionCode: '220500' } };
const dashboards = (n: number, from = 0): DevTokenClaims[] =>
  Array.from({ length: n }, (_, i) => ({ role: 'dashboard', subject: `dashboard:wall-${from + i}` }));
const SUPERVISORS: DevTokenClaims[] = ['a', 'b'].map((s) => ({ role: 'supervisor', agency: 'jl-gov-supervision', subject: `supervisor:${s}` }));
const TONGHUA_HANDLER: DevTokenClaims = { role: 'handler', agency: 'th-housing', subject: 'handler:th', scopes: ['appeals:read', 'events:read'] };

async function subscribeAs(claims: DevTokenClaims, variables: Record<string, unknown> = TONGHUA): Promise<Subscription<any>> {
  const subscription = hub.subscribe(FEED, variables, await hub.token(claims));
  await subscription.ready();
  return subscription;
}

/** Posts a Tonghua message as a citizen and accepts it: two events each. */
async function postAndAccept(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const { postMessage } = await hub.ok(
      `mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`,
      { input: { boardId: 'th-secretary', regionCode: '220502', title: `路灯不亮 ${i}`, content: '晚上很黑。' } },
      hub.as({ role: 'citizen', subject: 'citizen:lin' }),
    );
    await hub.ok(`mutation($id: ID!) { acceptMessage(id: $id) { id } }`, { id: postMessage.id });
  }
}

async function take(subscription: Subscription<any>, n: number): Promise<any[]> {
  const events = [];
  for (let i = 0; i < n; i++) {
    const { data, errors } = await subscription.next();
    expect(errors).toBeUndefined();
    events.push(data.messageEvents);
  }
  return events;
}

const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  return condition();
};

describe('shared subscriptions', () => {
  it('serve subscribers of one operation and access class from one upstream subscription', async () => {
    const walls = await Promise.all(dashboards(5).map((claims) => subscribeAs(claims)));
    const supervisors = await Promise.all(SUPERVISORS.map((claims) => subscribeAs(claims)));
    const handler = await subscribeAs(TONGHUA_HANDLER);
    const elsewhere = await subscribeAs(dashboards(1, 99)[0]!, { filter: { regionCode: '220100' } });
    // Five dashboards, two supervisors of one office, one handler, one dashboard on other variables.
    expect(hub.gateway.subscriptions()).toEqual({ groups: 4, members: 9 });
    expect(hub.services.events.activeStreams).toBe(4);

    await postAndAccept(3);
    const seen = await Promise.all([...walls, ...supervisors, handler].map((s) => take(s, 6)));
    expect(seen[0]!.map((e) => [e.action, e.to])).toEqual([
      ['POST', 'SUBMITTED'], ['ACCEPT', 'ACCEPTED'], ['POST', 'SUBMITTED'], ['ACCEPT', 'ACCEPTED'], ['POST', 'SUBMITTED'], ['ACCEPT', 'ACCEPTED'],
    ]);
    // Every subscriber got the same six events, each once (the cursors differ, so none repeats).
    for (const events of seen) expect(events).toEqual(seen[0]);
    expect(new Set(seen[0]!.map((e) => e.cursor)).size).toBe(6);

    await Promise.all([...walls, ...supervisors, handler, elsewhere].map((s) => s.close()));
    expect(await waitFor(() => hub.gateway.subscriptions().groups === 0 && hub.services.events.activeStreams === 0)).toBe(true);
  });

  it('give a subscriber resuming with `after` its replay, then the shared stream, with no gap and no duplicate', async () => {
    const [reference, other] = await Promise.all(dashboards(2, 10).map((claims) => subscribeAs(claims)));
    await postAndAccept(2);
    const before = await take(reference!, 4);
    await take(other!, 4);

    // Resume after the first of those events while the shared stream keeps moving.
    const resumed = hub.subscribe(FEED, { ...TONGHUA, after: before[0].cursor }, await hub.token(dashboards(1, 20)[0]!));
    const writing = postAndAccept(3);
    const replayed = await take(resumed, 3 + 6);
    await writing;
    const live = await take(reference!, 6);
    // The same events in the same order (each carries its message as it is when resolved, so a
    // replayed one may show a later status than it did live).
    const change = (e: any) => [e.cursor, e.action, e.to, e.message.number];
    expect(replayed.map(change)).toEqual([...before.slice(1), ...live].map(change));
    // It joined the dashboards' shared subscription rather than keeping one of its own.
    expect(hub.gateway.subscriptions()).toEqual({ groups: 1, members: 3 });
    expect(await waitFor(() => hub.services.events.activeStreams === 1)).toBe(true);

    // And nothing more arrives for it than for the others.
    await postAndAccept(1);
    expect((await take(resumed, 2)).map((e) => e.cursor)).toEqual((await take(reference!, 2)).map((e) => e.cursor));
    await Promise.all([reference!, other!, resumed].map((s) => s.close()));
    expect(await waitFor(() => hub.gateway.subscriptions().groups === 0)).toBe(true);
  });

  it('serve subscribers started from eventCursor from one upstream subscription started there, and keep live subscribers out of it', async () => {
    const read = async () => (await hub.ok<{ eventCursor: string }>(`{ eventCursor }`, {}, hub.as(dashboards(1, 30)[0]!))).eventCursor;
    const first = await read();
    await postAndAccept(1); // after the first cursor, before the others
    const later = await read();
    const opener = await subscribeAs(dashboards(1, 31)[0]!, { ...TONGHUA, after: first });
    // One at a time: each one's ready() then waits for its own arrival.
    const joiners: Subscription<any>[] = [];
    for (const claims of dashboards(3, 32)) joiners.push(await subscribeAs(claims, { ...TONGHUA, after: later }));
    // One group started from the opener's cursor carries everything after the later one too: no replays of their own.
    expect(hub.gateway.subscriptions()).toEqual({ groups: 1, members: 4 });
    expect(hub.services.events.activeStreams).toBe(1);
    const missed = await take(opener, 2);
    expect(missed.map((e) => e.action)).toEqual(['POST', 'ACCEPT']);

    // A live subscriber gets a group of its own: the cursor group may still be replaying the past.
    const live = await subscribeAs(dashboards(1, 40)[0]!);
    expect(hub.gateway.subscriptions()).toEqual({ groups: 2, members: 5 });
    await postAndAccept(1);
    const next = await take(opener, 2);
    for (const subscriber of [...joiners, live]) expect((await take(subscriber, 2)).map((e) => e.cursor)).toEqual(next.map((e) => e.cursor));
    // A subscriber with the cursor of the last event passed on joins as it is; one from further back replays first.
    const current = await subscribeAs(dashboards(1, 41)[0]!, { ...TONGHUA, after: next[1].cursor });
    const behind = hub.subscribe(FEED, { ...TONGHUA, after: first }, await hub.token(dashboards(1, 42)[0]!));
    expect((await take(behind, 4)).map((e) => e.cursor)).toEqual([...missed, ...next].map((e) => e.cursor));
    expect(hub.gateway.subscriptions()).toEqual({ groups: 2, members: 7 });
    await postAndAccept(1);
    const last = (await take(opener, 2)).map((e) => e.cursor);
    for (const subscriber of [current, behind, live]) expect((await take(subscriber, 2)).map((e) => e.cursor)).toEqual(last);
    expect(await waitFor(() => hub.services.events.activeStreams === 2)).toBe(true);

    await Promise.all([opener, ...joiners, live, current, behind].map((s) => s.close()));
    expect(await waitFor(() => hub.gateway.subscriptions().groups === 0 && hub.services.events.activeStreams === 0)).toBe(true);
  });

  it('open a group from the cursor, not a replay each, for subscribers with eventCursor beside a live group that has passed nothing on yet', async () => {
    const idle = await subscribeAs(dashboards(1, 50)[0]!);
    const { eventCursor } = await hub.ok<{ eventCursor: string }>(`{ eventCursor }`, {}, hub.as(dashboards(1, 51)[0]!));
    const walls: Subscription<any>[] = [];
    for (const claims of dashboards(3, 52)) walls.push(await subscribeAs(claims, { ...TONGHUA, after: eventCursor }));
    expect(hub.gateway.subscriptions()).toEqual({ groups: 2, members: 4 });
    expect(hub.services.events.activeStreams).toBe(2);
    await postAndAccept(1);
    const seen = await Promise.all([idle, ...walls].map((s) => take(s, 2)));
    for (const events of seen) expect(events.map((e) => e.cursor)).toEqual(seen[0]!.map((e) => e.cursor));
    await Promise.all([idle, ...walls].map((s) => s.close()));
    expect(await waitFor(() => hub.gateway.subscriptions().groups === 0 && hub.services.events.activeStreams === 0)).toBe(true);
  });

  it('refuse a cursor beyond the event log with INVALID_CURSOR, so no group starts where nothing will come', async () => {
    const future = Buffer.from('999999999999.1').toString('base64url');
    for (const claims of dashboards(2, 60)) {
      const refused = hub.subscribe(FEED, { ...TONGHUA, after: future }, await hub.token(claims));
      const { errors } = await refused.next();
      expect(errors?.map((e: any) => e.extensions?.code)).toEqual(['INVALID_CURSOR']);
      await refused.close();
    }
    expect(await waitFor(() => hub.gateway.subscriptions().groups === 0 && hub.services.events.activeStreams === 0)).toBe(true);
    // The class's next subscribers, from a real cursor, share a group as usual.
    const { eventCursor } = await hub.ok<{ eventCursor: string }>(`{ eventCursor }`, {}, hub.as(dashboards(1, 62)[0]!));
    const walls: Subscription<any>[] = [];
    for (const claims of dashboards(2, 63)) walls.push(await subscribeAs(claims, { ...TONGHUA, after: eventCursor }));
    expect(hub.gateway.subscriptions()).toEqual({ groups: 1, members: 2 });
    await postAndAccept(1);
    const [first, second] = await Promise.all(walls.map((s) => take(s, 2)));
    expect(second!.map((e) => e.cursor)).toEqual(first!.map((e) => e.cursor));
    await Promise.all(walls.map((s) => s.close()));
  });

  it('keep citizens apart: each citizen is an access class of their own', async () => {
    const citizens = await Promise.all(
      ['citizen:lin', 'citizen:zhao'].map((subject) => subscribeAs({ role: 'citizen', subject, scopes: ['appeals:read', 'events:read'] })),
    );
    // Their row scope is their own appeals, so they never share; a third subscriber who is Lin again does.
    const linAgain = await subscribeAs({ role: 'citizen', subject: 'citizen:lin', scopes: ['appeals:read', 'events:read'] });
    expect(hub.gateway.subscriptions()).toEqual({ groups: 2, members: 3 });
    await Promise.all([...citizens, linAgain].map((s) => s.close()));
  });
});
