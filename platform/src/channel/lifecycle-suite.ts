import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../db/database.ts';
import type { AppealAction } from '../lifecycle.ts';
import { TEST_ADMIN, testIdentity, type GraphQLResponse, type TestSubgraph } from '../testing.ts';
import { CHANNELS, channelSpecOf, type Channel } from './registry.ts';

/*
 * The lifecycle tests every channel passes, written once: each channel's test file describes its
 * channel (how appeals come in, the offices of its story, what it counts) and calls
 * describeChannelLifecycle; its own behaviour (routing, first-contact resolution, publication...)
 * it tests beside, through the hooks or in tests of its own. Steps are called by their lifecycle
 * action and reach the channel's mutation through its spec's SDL names.
 */

const DAY = 86_400_000;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

export type Appeal = Record<string, any> & { id: string; number: string; status: string; timeline: Record<string, any>[] };
type Args = Record<string, string | number | null | undefined>;
/** A refusal: its name, what to prepare, the refused request, the code and (when the API names one) the field. */
export type RefusalCase = [string, () => Promise<unknown>, (prepared: any) => Promise<GraphQLResponse<any>>, string, string?];

/** Every run of the whole lifecycle, for the channel's own checks on it. */
export interface LifecycleRun {
  opened: Appeal;
  replied: Appeal;
  reopened: Appeal;
  closed: Appeal;
  /** The appeal's events in the log, in order. */
  events: { source: string; aggregate_type: string; type: string; payload: Record<string, any> }[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export interface ChannelLifecycleKit {
  channel: Channel;
  subgraph: () => TestSubgraph;
  /** Fields of the appeal the channel's own checks read, beside the shared ones. */
  fields?: string;
  /** A new appeal taken in the channel's way (a post, a call, a report), with its personal data. */
  open: () => Promise<Appeal>;
  /** The personal data `open` records, which no event may carry. */
  personalData: string[];
  /** Who moves the appeal: the office taking it in and dispatching it, the handling agency (acting as staff:<id>), the division visiting the citizen. */
  story: { office: string; agency: string; visitor: string; openedBy: string };
  /** The timeline's actions after the whole lifecycle, in the channel's words. */
  timeline: string[];
  /** A return: an appeal sent to `first` (not its remit), reassigned, then sent on to `again` (null: the channel chooses), which is `expected`. */
  returned: { open: () => Promise<Appeal>; first: string; again: string | null; expected: string };
  /** What the subgraph has written: its timeline rows and events counted, anything else it wants compared. */
  written: () => Promise<{ transitions: number; events: number } & Record<string, unknown>>;
  /** The Query field listing the channel's appeals (messages, tickets, clues). */
  list: string;
  /** Refusals of the channel's own (its intake's bad input), run with the shared ones. */
  refusals?: RefusalCase[];
  /** The channel's own checks on the whole lifecycle. */
  afterLifecycle?: (run: LifecycleRun) => Promise<void> | void;
}

/** A literal for an argument: satisfaction is an enum, everything else a string (JSON quoting is GraphQL's). */
const literal = (name: string, value: string | number) => (name === 'satisfaction' ? String(value) : JSON.stringify(value));

/** Runs the channel's lifecycle steps by action, as an admin named `who` (the name is what timelines record). */
export function lifecycleClient(kit: Pick<ChannelLifecycleKit, 'channel' | 'subgraph' | 'fields'>) {
  const names = channelSpecOf(kit.channel).sdl.mutations;
  const fields = `id number status assignee { id } dueAt returnVisit { satisfaction comment } mergedInto { number }
    timeline { sequence action from to actor agency { id } note } ${kit.fields ?? ''}`;
  const operation = (action: AppealAction, args: Args, selection: string) => {
    const given = Object.entries(args).filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== null);
    return `mutation { r: ${names[action]}(${given.map(([name, value]) => `${name}: ${literal(name, value)}`).join(', ')}) { ${selection} } }`;
  };
  return {
    /** The step's result, failing loudly on errors. */
    act: async (action: AppealAction, args: Args, who = 'staff:test'): Promise<Appeal> => {
      const response = await kit.subgraph().query(operation(action, args, fields), {}, testIdentity('admin', { subject: who }));
      if (response.errors) throw new Error(`${names[action]}: ${JSON.stringify(response.errors)}`);
      return response.data!.r;
    },
    /** The step's response as it is, refused or not. */
    attempt: (action: AppealAction, args: Args, as = TEST_ADMIN) => kit.subgraph().query(operation(action, args, 'id status'), {}, as),
  };
}

/** Every node id of a connection, page after page of `size`, as the client would read them (at most 10 pages). */
export async function allPages(page: (size: number, after?: string) => Promise<{ edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>, size = 3) {
  const seen: string[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 10; pages++) {
    const found = await page(size, after);
    seen.push(...found.edges.map((e) => e.node.id));
    if (!found.pageInfo.hasNextPage) break;
    after = found.pageInfo.endCursor ?? undefined;
  }
  return seen;
}

/** Appeals opened a day apart from 1 March 2023, 08:00 China time (the clock moved to each): their ids, oldest first. */
export async function openedDaily(sg: TestSubgraph, count: number, open: (day: number) => Promise<{ id: string }>): Promise<string[]> {
  const start = new Date('2023-03-01T08:00:00+08:00').getTime();
  const ids: string[] = [];
  for (let day = 0; day < count; day++) {
    sg.services.clock.set(new Date(start + day * DAY));
    ids.push((await open(day)).id);
  }
  return ids;
}

/** The channel's intake mutation with its input written inline, as a client would type bad input ($c: one String). */
export const inlineInput = (sg: () => TestSubgraph, field: string) => (input: string, variables: { c?: string } = {}) =>
  sg().query(`mutation${variables.c ? '($c: String!)' : ''} { ${field}(input: {${input}}) { id } }`, variables);

/** Each case refused with its code (and field), the subgraph's rows as they were. */
export function itRefuses(written: () => Promise<unknown>, cases: RefusalCase[]) {
  it.each(cases)('%s', async (_name, prepare, refused, code, field) => {
    const prepared = await prepare();
    const before = await written();
    const response = await refused(prepared);
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    if (field) expect(response.errors?.[0]?.extensions?.field).toBe(field);
    expect(await written()).toEqual(before);
  });
}

export function describeChannelLifecycle(kit: ChannelLifecycleKit) {
  const { entity, subgraph, numberPrefix } = CHANNELS[kit.channel];
  const actions = channelSpecOf(kit.channel).actions;
  const { act, attempt } = lifecycleClient(kit);
  const { office, agency, visitor } = kit.story;
  const handler = `staff:${agency}`;
  const noun = entity.toLowerCase();
  const future = () => new Date(kit.subgraph().services.clock.now().getTime() + 15 * DAY).toISOString();
  // The appeal's own events (the case ledger logs its cases under the same ids, as aggregate Case).
  const eventsOf = async (id: string) =>
    rowsOf<LifecycleRun['events'][number]>(
      await kit.subgraph().services.database.db.execute(sql`select source, aggregate_type, type, payload from events.event_log
        where aggregate_id = ${id} and aggregate_type = ${entity} order by tx_id, seq`),
    );

  describe(`${noun} lifecycle`, () => {
    it('runs the whole lifecycle, one mutation per transition, each in the timeline and as an event without personal data', async () => {
      const before = await kit.written();
      const opened = await kit.open();
      const id = opened.id;
      expect(opened.status).toBe('SUBMITTED');
      expect(opened.number).toMatch(new RegExp(`^${numberPrefix}-2022-\\d{6}$`));
      await act('accept', { id, note: '经核实，情况属实' }, office);
      const assigned = await act('assign', { id, agencyId: agency, dueAt: future(), note: '请认真核实' }, office);
      expect(assigned).toMatchObject({ status: 'ASSIGNED', assignee: { id: agency } });
      await act('acknowledge', { id }, handler);
      await act('submitReply', { id, content: '初稿' }, handler);
      await act('sendBackReply', { id, reason: '请补充具体措施' });
      await act('submitReply', { id, content: '经调查核实，答复如下' }, handler);
      const replied = await act('approveReply', { id });
      expect(replied.status).toBe('REPLIED');
      await act('followUp', { id, satisfaction: 'DISSATISFIED', comment: '没有解决' });
      const reopened = await act('reopen', { id, reason: '回访不满意' });
      expect(reopened.status).toBe('IN_PROGRESS');
      await act('submitReply', { id, content: '已进一步落实' }, handler);
      await act('approveReply', { id });
      await act('followUp', { id, satisfaction: 'SATISFIED', comment: '效率高，感谢' }, visitor);
      const closed = await act('close', { id });

      expect(closed.status).toBe('CLOSED');
      expect(closed.returnVisit).toMatchObject({ satisfaction: 'SATISFIED', comment: '效率高，感谢' });
      const timeline = closed.timeline.map((t) => t.action);
      expect(timeline).toEqual(kit.timeline);
      expect(closed.timeline.map((t) => t.sequence)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
      expect(closed.timeline[0]).toMatchObject({ from: null, to: 'SUBMITTED', actor: kit.story.openedBy });
      expect(closed.timeline[1]).toMatchObject({ from: 'SUBMITTED', to: 'ACCEPTED', actor: office, note: '经核实，情况属实' });
      expect(closed.timeline[2]).toMatchObject({ from: 'ACCEPTED', to: 'ASSIGNED', actor: office, agency: { id: agency }, note: '请认真核实' });
      expect(closed.timeline[12]!.actor).toBe(visitor);
      const after = await kit.written();
      expect([after.transitions - before.transitions, after.events - before.events]).toEqual([14, 14]);

      const events = await eventsOf(id);
      expect(events.map((e) => [e.source, e.aggregate_type, e.type])).toEqual(Array(14).fill([subgraph, entity, 'AppealTransitioned']));
      expect(events.map((e) => e.payload.sequence)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
      expect(events.map((e) => e.payload.action)).toEqual(timeline);
      expect(events[2]!.payload).toMatchObject({ channel: kit.channel, number: opened.number, from: 'ACCEPTED', to: 'ASSIGNED', assigneeId: agency });
      expect(events[8]!.payload.satisfaction).toBe('DISSATISFIED');
      // The citizen's personal data is stored for the office, but never travels in events.
      const logText = JSON.stringify(events);
      expect(kit.personalData.length).toBeGreaterThan(0);
      for (const value of kit.personalData) expect(logText).not.toContain(value);
      await kit.afterLifecycle?.({ opened, replied, reopened, closed, events, before, after });
    });

    it(`returns a ${noun} that is not the agency’s remit, reassigns it and sends it on again`, async () => {
      const { id } = await kit.returned.open();
      const { first, again, expected } = kit.returned;
      await act('accept', { id });
      await act('assign', { id, agencyId: first, dueAt: future() });
      const returned = await act('return', { id, reason: '不属于本单位职责' }, `staff:${first}`);
      expect(returned.status).toBe('RETURNED');
      expect(returned.timeline.at(-1)).toMatchObject({ action: actions.return, from: 'ASSIGNED', to: 'RETURNED', agency: { id: first } });
      expect(await act('reassign', { id })).toMatchObject({ status: 'ACCEPTED', assignee: null, dueAt: null });
      const sentOn = await act('assign', again ? { id, agencyId: again, dueAt: future() } : { id });
      expect(sentOn).toMatchObject({ status: 'ASSIGNED', assignee: { id: expected } });
    });

    it(`rejects at intake, and merges duplicates (taken in or not) into the ${noun} that handles the matter`, async () => {
      expect((await act('reject', { id: (await kit.open()).id, reason: '不属于受理范围' })).status).toBe('REJECTED');
      const original = await kit.open();
      const [submitted, accepted] = [await kit.open(), await kit.open()];
      await act('accept', { id: accepted.id });
      for (const duplicate of [submitted, accepted]) {
        const merged = await act('merge', { id: duplicate.id, intoId: original.id, note: '同一问题' });
        expect(merged).toMatchObject({ status: 'MERGED', mergedInto: { number: original.number } });
        const [event] = (await eventsOf(duplicate.id)).slice(-1);
        expect(event!.payload).toMatchObject({ action: actions.merge, to: 'MERGED', mergedIntoId: original.id, note: '同一问题' });
      }
    });
  });

  describe('bad input is refused with a stable code and writes nothing', () => {
    /** An appeal taken through the given steps. */
    async function appealAfter(...steps: AppealAction[]) {
      const { id } = await kit.open();
      for (const step of steps) {
        if (step === 'assign') await act(step, { id, agencyId: agency, dueAt: future() });
        else if (step === 'submitReply') await act(step, { id, content: '答复' });
        else if (step === 'followUp') await act(step, { id, satisfaction: 'SATISFIED' });
        else await act(step, { id });
      }
      return id;
    }
    const query = (text: string) => kit.subgraph().query(text);
    const replied: AppealAction[] = ['accept', 'assign', 'acknowledge', 'submitReply', 'approveReply', 'followUp'];
    itRefuses(kit.written, [
      ['an illegal transition', () => appealAfter(), (id) => attempt('acknowledge', { id }), 'ILLEGAL_TRANSITION'],
      [`an unknown ${noun} id`, async () => UNKNOWN, (id) => attempt('accept', { id }), 'NOT_FOUND'],
      ['an id that is not an id at all', async () => "1' or '1'='1", (id) => attempt('accept', { id }), 'NOT_FOUND'],
      ['an unknown agency', () => appealAfter('accept'), (id) => attempt('assign', { id, agencyId: 'no-such-agency', dueAt: future() }), 'INVALID_INPUT', 'agencyId'],
      ['a deadline in the past', () => appealAfter('accept'), (id) => attempt('assign', { id, agencyId: agency, dueAt: '2022-01-01T00:00:00Z' }), 'DEADLINE_IN_PAST'],
      ['a reopen when the citizen was satisfied', () => appealAfter(...replied), (id) => attempt('reopen', { id, reason: '再看看' }), 'ILLEGAL_TRANSITION'],
      ['a merge into itself', () => appealAfter(), (id) => attempt('merge', { id, intoId: id }), 'INVALID_INPUT', 'intoId'],
      [`a merge into an unknown ${noun}`, () => appealAfter(), (id) => attempt('merge', { id, intoId: UNKNOWN }), 'NOT_FOUND'],
      ['an empty reason', () => appealAfter(), (id) => attempt('reject', { id, reason: ' ' }), 'INVALID_INPUT', 'reason'],
      ['a malformed cursor', async () => null, () => query(`{ ${kit.list}(after: "bm90LWEtY3Vyc29y") { totalCount } }`), 'INVALID_CURSOR'],
      ['a page size over the limit', async () => null, () => query(`{ ${kit.list}(first: 1000) { totalCount } }`), 'INVALID_INPUT', 'first'],
      ...(kit.refusals ?? []),
    ]);
  });
}
