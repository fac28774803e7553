import { eq, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Actor } from '../channel/executor.ts';
import type { Channel } from '../channel/registry.ts';
import { reserveNumbers, type NumberCounter } from '../channel/numbering.ts';
import type { Executor, Tx } from '../db/database.ts';
import { DomainError, ErrorCode, notFound } from '../errors.ts';
import { appendEvent, type NewEvent } from '../events/event-log.ts';
import { maskFreeText } from '../privacy/free-text.ts';
import { isUuid, optionalText } from '../validation.ts';

/** What every department order row has (see orderColumns, orderStateColumns). */
export interface OrderRow<Status extends string = string> {
  id: string;
  number: string;
  appealChannel: Channel;
  appealId: string;
  appealNumber: string;
  regionCode: string;
  status: Status;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrderRule<Status extends string> {
  action: string;
  from: readonly Status[];
  to: Status;
}

/** A drizzle table of orders, as far as the kit writes it. */
export type OrderTable = PgTable & { id: PgColumn; appealId: PgColumn; createdAt: PgColumn };

/**
 * What a department's orders are, for the kit (the lower half of the channel kit: status machine,
 * timeline, outbox): its tables, numbers, status machine and the non-personal part of its events.
 */
export interface OrderSpec<Row extends OrderRow, Name extends string> {
  /** The GraphQL type, also the event's aggregate type; its words for the refusal (work order). */
  entity: string;
  noun: string;
  /** The subgraph, the event's source, and the event type (WorkOrderTransitioned). */
  source: string;
  eventType: string;
  table: OrderTable;
  timeline: {
    table: PgTable & { sequence: PgColumn };
    /** The timeline's column (property name) holding the order's id: workOrderId, orderId. */
    orderKey: string;
  };
  numbers: NumberCounter & { prefix: string };
  noteLimit: number;
  transitions: Record<Name, OrderRule<Row['status']>>;
  /** The event's fields of the department's own (no address, no names). */
  eventFields: (row: Row) => Record<string, unknown>;
}

/** What every order's transition event says (no personal data); each department adds its own fields. */
export interface OrderEventPayload<Status extends string = string, Action extends string = string> extends Record<string, unknown> {
  number: string;
  appealChannel: Channel;
  appealId: string;
  appealNumber: string;
  action: Action;
  from: Status | null;
  to: Status;
  regionCode: string;
  actor: string;
  note: string | null;
  sequence: number;
}

/** One entry of an order's timeline. */
export interface OrderStep<Status extends string = string> {
  action: string;
  from: Status | null;
  actor: string;
  note: string | null;
  at: Date;
}

/** The timeline row and the event for a step already applied to `row`; bulk demo seeders use it too. */
export function orderRecordOf<Row extends OrderRow>(spec: OrderSpec<Row, string>, row: Row, step: OrderStep<Row['status']>) {
  const transition = {
    [spec.timeline.orderKey]: row.id,
    sequence: row.version,
    action: step.action,
    fromStatus: step.from,
    toStatus: row.status,
    actor: step.actor,
    note: step.note,
    at: step.at,
  };
  const event: NewEvent = {
    source: spec.source,
    aggregateType: spec.entity,
    aggregateId: row.id,
    type: spec.eventType,
    payload: {
      ...spec.eventFields(row),
      number: row.number,
      appealChannel: row.appealChannel,
      appealId: row.appealId,
      appealNumber: row.appealNumber,
      action: step.action,
      from: step.from,
      to: row.status,
      regionCode: row.regionCode,
      actor: step.actor,
      note: maskFreeText(step.note),
      sequence: row.version,
    } satisfies OrderEventPayload,
    occurredAt: step.at,
  };
  return { transition, event };
}

/** Writes the timeline row and the event of a step, in the caller's transaction. */
export async function recordOrderStep<Row extends OrderRow>(spec: OrderSpec<Row, string>, tx: Tx, row: Row, step: OrderStep<Row['status']>) {
  const { transition, event } = orderRecordOf(spec, row, step);
  await tx.insert(spec.timeline.table).values(transition as never);
  await appendEvent(tx, event);
}

/** `count` consecutive order numbers (WO-2022-000001) of the China-time year of `at`. */
export const reserveOrderNumbers = (db: Executor, spec: OrderSpec<any, string>, at: Date, count = 1) =>
  reserveNumbers(db, spec.numbers, spec.numbers.prefix, at, count);

/** A new order (version 1) with its first timeline row and event, numbered in the same transaction. */
export async function insertOrder<Row extends OrderRow>(
  spec: OrderSpec<Row, string>,
  tx: Tx,
  values: Omit<Row, 'number' | 'version' | 'createdAt' | 'updatedAt'>,
  step: OrderStep<Row['status']>,
): Promise<Row> {
  const [number] = await reserveOrderNumbers(tx, spec, step.at);
  const [row] = (await tx
    .insert(spec.table)
    .values({ ...values, number, version: 1, createdAt: step.at, updatedAt: step.at } as never)
    .returning()) as unknown as Row[];
  await recordOrderStep(spec, tx, row!, step);
  return row!;
}

/** A check on the order as locked inside the writing transaction (role and agency); throws to refuse. */
export type Authorize<Row> = (row: Row) => Promise<void>;

/**
 * Locks the order for the rest of the transaction; NOT_FOUND when there is none. `authorize` runs
 * on the locked row before any rule, so a refused caller writes nothing.
 */
export async function lockOrder<Row extends OrderRow>(spec: OrderSpec<Row, string>, tx: Tx, id: string, authorize?: Authorize<Row>): Promise<Row> {
  if (!isUuid(id)) throw notFound(spec.entity, id);
  const [row] = (await tx.select().from(spec.table).where(eq(spec.table.id, id)).for('update')) as Row[];
  if (!row) throw notFound(spec.entity, id);
  await authorize?.(row);
  return row;
}

/** ILLEGAL_TRANSITION for a step the order's status does not allow. */
export function refuseOrderStep(spec: OrderSpec<any, string>, row: OrderRow, what: string, allowed: readonly string[], action: string): never {
  throw new DomainError(
    ErrorCode.ILLEGAL_TRANSITION,
    `Cannot ${what} ${spec.noun} ${row.number}: it is ${row.status}; allowed from ${allowed.join(', ')}`,
    { action, status: row.status },
  );
}

/** Applies a rule of the status machine to a locked order and records it (timeline row and event). */
export async function applyOrderTransition<Row extends OrderRow, Name extends string>(
  spec: OrderSpec<Row, Name>,
  tx: Tx,
  who: Pick<Actor, 'clock' | 'actor'>,
  current: Row,
  name: Name,
  note: string | null,
  changes: Partial<Row> = {},
): Promise<Row> {
  const rule = spec.transitions[name];
  if (!rule.from.includes(current.status)) refuseOrderStep(spec, current, name, rule.from, rule.action);
  const at = who.clock.now();
  const [updated] = (await tx
    .update(spec.table)
    .set({ ...changes, status: rule.to, version: current.version + 1, updatedAt: at } as never)
    .where(eq(spec.table.id, current.id) as SQL)
    .returning()) as Row[];
  await recordOrderStep(spec, tx, updated!, { action: rule.action, from: current.status, actor: who.actor, note, at });
  return updated!;
}

export interface OrderTransitionOptions<Row> {
  note?: string | null;
  /** Called right after the row is locked, before any rule: a refusal writes nothing. */
  authorize?: Authorize<Row>;
  /** Further checks on the locked row, after the status rule passed. */
  check?: (row: Row, tx: Tx) => Promise<void> | void;
  /** Column changes beside the status. */
  changes?: (row: Row) => Partial<Row>;
}

/**
 * The one way an order changes state: lock the row, authorize, check the status rule and the
 * step's own checks, apply the change, write the timeline row and the event, all in one
 * transaction: a refusal writes nothing.
 */
export function orderTransition<Row extends OrderRow, Name extends string>(
  spec: OrderSpec<Row, Name>,
  who: Pick<Actor, 'db' | 'clock' | 'actor'>,
  id: string,
  name: Name,
  options: OrderTransitionOptions<Row> = {},
): Promise<Row> {
  const note = optionalText('note', options.note, spec.noteLimit);
  return who.db.transaction(async (tx) => {
    const current = await lockOrder(spec, tx, id, options.authorize);
    const rule = spec.transitions[name];
    if (!rule.from.includes(current.status)) refuseOrderStep(spec, current, name, rule.from, rule.action);
    await options.check?.(current, tx);
    return applyOrderTransition(spec, tx, who, current, name, note, options.changes?.(current));
  });
}
