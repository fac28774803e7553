import { and, count, eq } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { appealEventPayload, appendAppealEvent } from '../appeal-events.ts';
import type { Access, AppealAccessFacts } from '../auth/access.ts';
import type { Clock } from '../clock.ts';
import type { Executor, Tx } from '../db/database.ts';
import { forbidden } from '../auth/access.ts';
import { Role } from '../auth/identity.ts';
import { notFound } from '../errors.ts';
import type { AppealAction, AppealStatus } from '../lifecycle.ts';
import { nextStatus } from '../lifecycle.ts';
import { isUuid, optionalText } from '../validation.ts';
import { advanceRow, timelineEntryOf, type AppealRow, type AppealStep } from './appeal-row.ts';
import { CHANNELS } from './registry.ts';
import { requireStepRules } from './separation.ts';
import type { ChannelSpec } from './spec.ts';

/**
 * Who acts, on which database, at what time: the one way the domain of every channel receives the
 * caller. Requests pass `access`, so every write checks role and reach on the rows as locked; demo
 * seeding and background work pass none and act as the system.
 */
export interface Actor {
  db: Executor;
  clock: Clock;
  actor: string;
  access?: Access;
}

/**
 * The caller's agency tree, read before a writing transaction opens, so checks inside it need no
 * second connection (PGlite has only one).
 */
export async function primeAccess(who: Actor): Promise<void> {
  await who.access?.readableAgencies();
}

export interface LockedAppeal<Row> {
  row: Row;
  facts: AppealAccessFacts;
}

/** Locks the appeal for update, or NOT_FOUND naming the channel's entity. */
export async function lockAppeal<Row extends AppealRow>(spec: ChannelSpec<Row, any>, tx: Tx, id: string): Promise<LockedAppeal<Row>> {
  const entity = CHANNELS[spec.channel].entity;
  if (!isUuid(id)) throw notFound(entity, id);
  if (spec.lock) {
    const locked = await spec.lock(tx, id);
    if (!locked) throw notFound(entity, id);
    return locked;
  }
  const [row] = (await tx.select().from(spec.table).where(eq(spec.table.id, id)).for('update')) as Row[];
  if (!row) throw notFound(entity, id);
  return { row, facts: spec.facts(row) };
}

/** Writes the timeline row and the event of a step already applied to `row`, in the caller's transaction. */
export async function recordStep<Row extends AppealRow>(
  spec: ChannelSpec<Row, any>,
  tx: Tx,
  row: Row,
  step: AppealStep,
  action: AppealAction | null,
): Promise<void> {
  const { dueAt, ...entry } = timelineEntryOf(row, step);
  const values = { [spec.timeline.appealKey]: row.id, ...entry, ...(spec.timeline.keepsDueAt ? { dueAt } : {}) };
  await tx.insert(spec.timeline.table).values(values as never);
  const payload = appealEventPayload(spec.channel, row, step, await spec.eventDetails(row, tx));
  await appendAppealEvent(tx, { aggregateId: row.id, occurredAt: step.at, payload });
  await spec.afterStep?.(tx, row, step, action);
}

export interface TransitionOptions<Row> {
  note?: string | null;
  /** The agency acting or acted upon, for the timeline; by default the assignee before the step (or after, if none). */
  agencyId?: string | null;
  /**
   * The caller's right to take the step on the locked row. By default the shared rule
   * (Access.requireAppealAction); channel-specific steps (a supervision transfer) pass their own.
   */
  authorize?: (locked: LockedAppeal<Row>, tx: Tx) => Promise<void>;
  /** Further checks and column changes on the locked row, after the lifecycle rule passed. */
  prepare?: (row: Row, tx: Tx) => Promise<Partial<Row>> | Partial<Row>;
}

/**
 * The one way an appeal changes state, in every channel: lock the row, authorize on the row as
 * locked (an assignment made meanwhile cannot slip past), apply the lifecycle rule, update, and
 * write the timeline row and the event — all in one transaction, so a refusal changes nothing.
 */
export async function runTransition<Row extends AppealRow>(
  spec: ChannelSpec<Row, any>,
  who: Actor,
  id: string,
  action: AppealAction,
  options: TransitionOptions<Row> = {},
): Promise<Row> {
  if (!isUuid(id)) throw notFound(CHANNELS[spec.channel].entity, id);
  const note = optionalText('note', options.note, spec.noteLimit);
  const at = who.clock.now();
  await primeAccess(who);
  return who.db.transaction(async (tx) => {
    const locked = await lockAppeal(spec, tx, id);
    // Before the lifecycle rule, so a caller without reach learns nothing about the appeal's state.
    if (options.authorize) await options.authorize(locked, tx);
    else await who.access?.requireAppealAction(action, locked.facts);
    const current = locked.row;
    nextStatus(action, current.status as AppealStatus);
    if (action === 'assign') await requireSupervisorAfterReturns(spec, who, tx, id);
    const prepared = (await options.prepare?.(current, tx)) ?? {};
    await requireStepRules(who.access, action, current, prepared);
    // The kit's forward step names the dispatching office, which keeps the appeal in reach from then on.
    const change = (action === 'assign' ? { ...prepared, dispatcherId: await dispatcherOf(spec, who, tx, current, prepared) } : prepared) as Partial<Row>;
    const updated = advanceRow(current, action, change, at, spec.onStatus);
    const columns = { ...change, status: updated.status, version: updated.version, updatedAt: at, ...spec.onStatus?.(updated.status as AppealStatus, at, current) };
    await tx.update(spec.table).set(columns as never).where(eq(spec.table.id, id));
    const agencyId = options.agencyId !== undefined ? options.agencyId : (current.assigneeId ?? updated.assigneeId);
    const step: AppealStep = { action: spec.actions[action], from: current.status as AppealStatus, actor: who.actor, agencyId, note, at };
    await recordStep(spec, tx, updated, step, action);
    return updated;
  });
}

/**
 * The office a forward makes the dispatching office: the forwarding caller's agency (staff, or a
 * supervisor's division). An admin or a background job without an agency leaves the one before or,
 * when there is none, names the channel's keeping office (the board's office); never the agency
 * forwarded to, which handles the appeal and so may not keep it.
 */
async function dispatcherOf<Row extends AppealRow>(spec: ChannelSpec<Row, any>, who: Actor, tx: Tx, row: Row, change: Partial<Row>): Promise<string | null> {
  const office = who.access?.identity.agency ?? row.dispatcherId ?? (await spec.keepingOffice?.(tx, row)) ?? null;
  return office === (change.assigneeId ?? row.assigneeId) ? null : office;
}

/** Records the first step of a freshly inserted appeal (POST, OPEN, SUBMIT). */
export function recordOpening<Row extends AppealRow>(spec: ChannelSpec<Row, any>, tx: Tx, row: Row, actor: string): Promise<void> {
  return recordStep(spec, tx, row, { action: spec.openAction, from: null, actor, agencyId: null, note: null, at: row.submittedAt }, null);
}

/**
 * "No request passed through many hands": once an appeal has been returned this many times, only a
 * supervisor (or an admin) forwards it again. CIVICGRAPH_MAX_RETURNS sets it (default 2).
 */
export const maxReturnsBeforeSupervisor = (): number => {
  const configured = Number(process.env.CIVICGRAPH_MAX_RETURNS ?? 2);
  return Number.isInteger(configured) && configured >= 0 ? configured : 2;
};

async function requireSupervisorAfterReturns<Row extends AppealRow>(spec: ChannelSpec<Row, any>, who: Actor, tx: Tx, id: string): Promise<void> {
  if (!who.access || who.access.is(Role.SUPERVISOR, Role.ADMIN)) return;
  const timeline = spec.timeline.table as typeof spec.timeline.table & Record<string, PgColumn>;
  const [row] = await tx
    .select({ returns: count() })
    .from(spec.timeline.table)
    .where(and(eq(timeline[spec.timeline.appealKey]!, id), eq(timeline.action!, spec.actions.return)));
  const returns = Number(row?.returns ?? 0);
  const limit = maxReturnsBeforeSupervisor();
  if (returns >= limit) {
    throw forbidden(`forward an appeal returned ${returns} times: after ${limit} returns a supervisor takes it`, { returns, limit });
  }
}
