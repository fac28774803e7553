import { count } from 'drizzle-orm';
import type { Db, DemoProgress, Executor, Services } from '@civicgraph/platform';
import { DEFAULT_DEADLINE_RULES } from '../domain/deadlines.ts';
import { chunkRanges, CHANNELS, insertJsonRows, reserveNumbers, seededRandom, TimeOrderedEvents } from '@civicgraph/platform';
import { insertHistories } from '../domain/writes.ts';
import type { NewTicketEvent } from '../domain/ticket-model.ts';
import { HOTLINE_CHANNEL } from '../domain/channel.ts';
import { CATEGORY_ROWS } from './categories.ts';
import { Planner } from './demo-plans.ts';
import { FIRST_CONTACT_LEAD_MS, VolumeBuilder } from './demo-volume.ts';
import { playLishuStory } from './lishu-story.ts';
import { HOTLINES, ROUTING_RULES, SEATS } from './reference.ts';
import { calls, categories, deadlineRules, hotlines, routingRules, seats, shifts, tickets, type TicketRow } from './tables.ts';

/**
 * Reference data: hotlines, seats, the category tree, the deadline rules and the default routing.
 * Missing rows are added at every start; rows already there (possibly edited since) are left alone.
 * Routing rules are written only into an empty table, so a rule removed on purpose stays removed.
 * Concurrent replicas may race: every insert ignores conflicts.
 */
export async function seedReference(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(hotlines).values([...HOTLINES]).onConflictDoNothing();
    await tx.insert(seats).values([...SEATS]).onConflictDoNothing();
    await tx.insert(categories).values([...CATEGORY_ROWS]).onConflictDoNothing();
    await tx.insert(deadlineRules).values([...DEFAULT_DEADLINE_RULES]).onConflictDoNothing();
    const [rules] = await tx.select({ n: count() }).from(routingRules);
    if (Number(rules?.n) === 0) await tx.insert(routingRules).values([...ROUTING_RULES]).onConflictDoNothing();
  });
}

/** Generated tickets on the Changchun mayor's hotline (12345). */
export const CHANGCHUN_TICKETS = 2500;
/** Generated tickets on 96118 and the other mayors' hotlines. */
export const OTHER_TICKETS = 2000;
/** Calls that open no ticket (information, transfers, hang-ups) and follow-ups on tickets. */
const OTHER_CALLS = 2200;
const FOLLOW_UP_CALLS = 300;

/**
 * Demo data, written once while there are no tickets, in one transaction (a crash leaves none, and
 * the next start writes it whole): the year's volume written set-based a chunk of tickets at a time
 * (multi-row inserts of shifts, calls, tickets, timelines, return visits and every
 * AppealTransitioned event, in time order), then the article's Lishu story through the real domain
 * functions.
 */
export async function seedDemo(services: Services, progress: DemoProgress = () => {}): Promise<void> {
  const { db } = services.database;
  const [existing] = await db.select({ n: count() }).from(tickets);
  if (Number(existing?.n) > 0) return;
  await db.transaction(async (tx) => {
    await seedVolume(tx, progress);
    await playLishuStory(tx);
  });
}

async function seedVolume(tx: Executor, progress: DemoProgress): Promise<void> {
  const rnd = seededRandom(20220718);
  const [categoryRows, rules, deadlineRows, hotlineRows, seatRows] = [
    await tx.select().from(categories),
    await tx.select().from(routingRules),
    await tx.select().from(deadlineRules),
    await tx.select().from(hotlines),
    await tx.select().from(seats),
  ];
  const planner = new Planner(rnd, categoryRows, rules);
  const plans = planner.year(CHANGCHUN_TICKETS, OTHER_TICKETS);
  const order = plans.map((_, i) => i).sort((a, b) => plans[a]!.submittedAt.getTime() - plans[b]!.submittedAt.getTime());
  // The generated year is 2022 throughout: numbered by the first plan's (China-time) year.
  const numbers = await reserveNumbers(tx, HOTLINE_CHANNEL.numbers, CHANNELS.HOTLINE.numberPrefix, plans[order[0]!]!.submittedAt, plans.length);
  const builder = new VolumeBuilder({
    rnd,
    hotlines: new Map(hotlineRows.map((h) => [h.id, h])),
    seatsByHotline: groupBy(seatRows, (s) => s.hotlineId),
    categories: new Map(categoryRows.map((c) => [c.id, c])),
    deadlineRules: new Map(deadlineRows.map((r) => [r.deadlineClass, r])),
  });

  // In time order, so numbers follow the calendar and a merge target is always built before its duplicates;
  // a chunk of tickets at a time, each chunk written before the next is built (see writeBuilt).
  const built = new Map<number, { id: string; number: string; merged: boolean }>();
  const opened: Pick<TicketRow, 'id' | 'hotlineId' | 'submittedAt'>[] = [];
  const events = new TimeOrderedEvents<NewTicketEvent>(
    // Each ticket's own events stay in sequence order.
    (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.payload.sequence - b.payload.sequence,
  );
  for (const { start, end } of chunkRanges(order.length)) {
    for (let rank = start; rank < end; rank++) {
      const planIndex = order[rank]!;
      const plan = plans[planIndex]!;
      const target = plan.mergeInto === null ? undefined : built.get(plan.mergeInto);
      // A request is merged only into a ticket that is itself neither merged nor rejected (the domain's rule).
      const mergeTarget = target && !target.merged && !plans[plan.mergeInto!]!.rejected ? target : null;
      const history = builder.ticket(plan, numbers[rank]!, mergeTarget);
      built.set(planIndex, { id: history.row.id, number: history.row.number, merged: mergeTarget !== null });
      opened.push({ id: history.row.id, hotlineId: history.row.hotlineId, submittedAt: history.row.submittedAt });
    }
    // The tickets still to build open no earlier than this, so every event before it is known.
    const next = plans[order[end] ?? -1];
    await writeBuilt(tx, builder, events, next ? next.submittedAt.getTime() - FIRST_CONTACT_LEAD_MS : Number.POSITIVE_INFINITY);
    progress(end, order.length, 'tickets');
  }

  const yearEnd = Date.parse('2022-12-31T23:00:00+08:00');
  for (let i = 0; i < FOLLOW_UP_CALLS; i++) {
    const asked = rnd.pick(opened);
    const at = asked.submittedAt.getTime() + rnd.between(1, 5) * 86_400_000;
    if (at < yearEnd) builder.call(asked.hotlineId, new Date(at), 'FOLLOW_UP', '来电询问办理进度', asked.id);
  }
  for (let i = 0; i < OTHER_CALLS; i++) {
    const hotline = rnd.weighted([['jl-governor-hotline', 6], ...hotlineRows.filter((h) => h.id !== 'jl-governor-hotline').map((h) => [h.id, 1] as const)]);
    const outcome = rnd.weighted([['INFORMATION_ONLY', 65], ['TRANSFERRED', 15], ['DROPPED', 20]] as const);
    const summary = outcome === 'INFORMATION_ONLY' ? '政策咨询，已解答' : outcome === 'TRANSFERRED' ? '紧急警情，已转接110' : null;
    builder.call(hotline, new Date(Date.parse('2022-01-01T08:00:00+08:00') + rnd.between(0, 364) * 86_400_000), outcome, summary, null);
  }
  await writeBuilt(tx, builder, events, Number.POSITIVE_INFINITY);
}

/**
 * Writes what the builder built since the last call (new shifts, calls, tickets with their
 * timelines and return visits), each table in the order built, and the events before `eventsUpTo`
 * in the order things happened.
 */
async function writeBuilt(tx: Executor, builder: VolumeBuilder, events: TimeOrderedEvents<NewTicketEvent>, eventsUpTo: number): Promise<void> {
  const { shifts: newShifts, calls: newCalls, histories } = builder.take();
  await insertJsonRows(tx, shifts, newShifts);
  await insertJsonRows(tx, calls, newCalls);
  events.add(histories.flatMap((h) => h.events));
  await insertHistories(tx, {
    rows: histories.map((h) => h.row),
    transitions: histories.flatMap((h) => h.transitions),
    returnVisits: histories.flatMap((h) => h.returnVisits),
    events: events.takeBefore(eventsUpTo),
  });
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
  return groups;
}
