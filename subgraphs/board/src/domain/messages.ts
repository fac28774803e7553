import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import {
  agencyExists,
  appendAppealEvent,
  AppealStatus,
  type AppealEventPayload,
  DomainError,
  ErrorCode,
  invalidInput,
  isDissatisfied,
  isRegionCode,
  isUuid,
  nextStatus,
  notFound,
  regionExists,
  optionalText,
  requireFutureDeadline,
  requireText,
  type AppealAction,
  type Clock,
  type Executor,
  type Satisfaction,
  type Tx,
} from '@civicgraph/platform';
import { boards, messages, messageTransitions, numberCounters, type MessageRow } from '../db/tables.ts';
import { posterContact, type PosterContactInput } from './poster.ts';

/** Who acts, on which database, at what time. */
export interface Actor {
  db: Executor;
  clock: Clock;
  actor: string;
  /**
   * Checks the caller may take `action` on the row as locked in the writing transaction; throwing
   * rolls everything back. Requests pass the caller's access check; demo seeding passes nothing.
   */
  authorize?: (action: AppealAction, row: MessageRow) => Promise<void>;
}

/** Names in the timeline and in events (the SDL's MessageAction) for each lifecycle action. */
export const MESSAGE_ACTIONS = {
  accept: 'ACCEPT',
  reject: 'REJECT',
  assign: 'FORWARD',
  acknowledge: 'ACKNOWLEDGE',
  return: 'RETURN',
  reassign: 'REASSIGN',
  submitReply: 'SUBMIT_REPLY',
  approveReply: 'APPROVE_REPLY',
  sendBackReply: 'SEND_BACK_REPLY',
  followUp: 'RETURN_VISIT',
  close: 'CLOSE',
  reopen: 'REOPEN',
  merge: 'MERGE',
} as const satisfies Record<AppealAction, string>;
export type MessageAction = (typeof MESSAGE_ACTIONS)[AppealAction] | 'POST';

export const LIMITS = { title: 200, content: 5000, note: 2000, category: 100 } as const;
export const isMessageId = isUuid;

/** The board's events follow the cross-channel contract, with the board in `extra`. */
export type MessageEventPayload = AppealEventPayload & { action: MessageAction; extra: { boardId: string } };

export interface PostMessageInput {
  boardId: string;
  title: string;
  content: string;
  regionCode: string;
  category?: string | null;
  contact?: PosterContactInput | null;
}

/** `authorSubject`: the signed-in citizen posting, so they can follow their own message before it is public. */
export async function postMessage(
  who: Actor,
  input: PostMessageInput,
  { authorSubject = null }: { authorSubject?: string | null } = {},
): Promise<MessageRow> {
  const title = requireText('title', input.title, { max: LIMITS.title });
  const content = requireText('content', input.content, { max: LIMITS.content });
  const category = optionalText('category', input.category, LIMITS.category);
  if (!isRegionCode(input.regionCode)) throw invalidInput('regionCode', 'must be a six-digit administrative code');
  const contact = posterContact(input.contact);
  const at = who.clock.now();
  return who.db.transaction(async (tx) => {
    const [board] = await tx.select({ id: boards.id }).from(boards).where(eq(boards.id, input.boardId));
    if (!board) throw notFound('Board', input.boardId);
    // A code of no region would leave the message (and its case in the ledger) without a place.
    if (!(await regionExists(tx, input.regionCode))) throw notFound('Region', input.regionCode);
    const number = await nextNumber(tx, at.getUTCFullYear());
    const [row] = await tx
      .insert(messages)
      .values({
        id: randomUUID(),
        number,
        boardId: board.id,
        title,
        content,
        category,
        regionCode: input.regionCode,
        status: AppealStatus.SUBMITTED,
        version: 1,
        submittedAt: at,
        updatedAt: at,
        authorSubject,
        ...contact,
      })
      .returning();
    await record(tx, row!, { action: 'POST', from: null, actor: who.actor, agencyId: null, note: null, at });
    return row!;
  });
}

async function nextNumber(tx: Tx, year: number): Promise<string> {
  const [counter] = await tx
    .insert(numberCounters)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: numberCounters.year, set: { last: sql`${numberCounters.last} + 1` } })
    .returning();
  return `BRD-${year}-${String(counter!.last).padStart(6, '0')}`;
}

/** Writes the timeline row and the event for a change already applied to `row`, in the same transaction. */
async function record(
  tx: Tx,
  row: MessageRow,
  step: { action: MessageAction; from: AppealStatus | null; actor: string; agencyId: string | null; note: string | null; at: Date },
): Promise<void> {
  await tx.insert(messageTransitions).values({
    messageId: row.id,
    sequence: row.version,
    action: step.action,
    fromStatus: step.from,
    toStatus: row.status,
    actor: step.actor,
    agencyId: step.agencyId,
    note: step.note,
    at: step.at,
  });
  // Named field by field: the poster's contact never goes into the event log, which every feed reads.
  const payload: MessageEventPayload = {
    channel: 'BOARD',
    number: row.number,
    title: row.title,
    category: row.category,
    regionCode: row.regionCode,
    action: step.action,
    from: step.from,
    to: row.status as AppealStatus,
    assigneeId: row.assigneeId,
    submittedAt: row.submittedAt.toISOString(),
    dueAt: row.dueAt?.toISOString() ?? null,
    satisfaction: row.satisfaction as Satisfaction | null,
    mergedIntoId: row.mergedIntoId,
    actor: step.actor,
    note: step.note,
    sequence: row.version,
    extra: { boardId: row.boardId },
  };
  await appendAppealEvent(tx, { source: 'board', aggregateType: 'Message', aggregateId: row.id, payload, occurredAt: step.at });
}

interface TransitionOptions {
  note?: string | null;
  /** The agency acting or acted upon, for the timeline. */
  agencyId?: string | null;
  /** Further checks on the locked row, after the lifecycle rule passed. */
  check?: (row: MessageRow, tx: Tx) => Promise<void> | void;
  /** Column changes beside the status. */
  changes?: (row: MessageRow) => Partial<MessageRow>;
}

/**
 * The one way a message changes state: lock the row, check the lifecycle rule, apply the change,
 * write the timeline row and the event — all in one transaction, so a refusal changes nothing.
 */
export async function transition(who: Actor, id: string, action: AppealAction, options: TransitionOptions = {}) {
  if (!isMessageId(id)) throw notFound('Message', id);
  const note = optionalText('note', options.note, LIMITS.note);
  const at = who.clock.now();
  return who.db.transaction(async (tx) => {
    const [current] = await tx.select().from(messages).where(eq(messages.id, id)).for('update');
    if (!current) throw notFound('Message', id);
    // Before the lifecycle rule, so a caller without reach learns nothing about the message's state.
    await who.authorize?.(action, current);
    const status = nextStatus(action, current.status as AppealStatus);
    await options.check?.(current, tx);
    const [updated] = await tx
      .update(messages)
      .set({ ...options.changes?.(current), status, version: current.version + 1, updatedAt: at })
      .where(eq(messages.id, id))
      .returning();
    await record(tx, updated!, {
      action: MESSAGE_ACTIONS[action],
      from: current.status as AppealStatus,
      actor: who.actor,
      agencyId: options.agencyId ?? current.assigneeId,
      note,
      at,
    });
    return updated!;
  });
}

const reasonOf = (reason: string) => requireText('reason', reason, { max: LIMITS.note });

export const acceptMessage = (who: Actor, id: string, note?: string | null) => transition(who, id, 'accept', { note });

export const rejectMessage = (who: Actor, id: string, reason: string) =>
  transition(who, id, 'reject', { note: reasonOf(reason) });

export async function forwardMessage(who: Actor, id: string, agencyId: string, dueAt: Date, note?: string | null) {
  requireFutureDeadline('dueAt', dueAt, who.clock.now());
  return transition(who, id, 'assign', {
    note,
    agencyId,
    check: async (_row, tx) => {
      if (!(await agencyExists(tx, agencyId))) throw notFound('Agency', agencyId);
    },
    changes: () => ({ assigneeId: agencyId, dueAt }),
  });
}

export const acknowledgeMessage = (who: Actor, id: string, note?: string | null) =>
  transition(who, id, 'acknowledge', { note });

export const returnMessage = (who: Actor, id: string, reason: string) =>
  transition(who, id, 'return', { note: reasonOf(reason) });

export const reassignMessage = (who: Actor, id: string, note?: string | null) =>
  transition(who, id, 'reassign', { note, changes: () => ({ assigneeId: null, dueAt: null }) });

export function submitReply(who: Actor, id: string, content: string) {
  const text = requireText('content', content, { max: LIMITS.content });
  return transition(who, id, 'submitReply', {
    changes: (row) => ({
      replyContent: text,
      replyAgencyId: row.assigneeId,
      replySubmittedAt: who.clock.now(),
      replyPublishedAt: null,
    }),
  });
}

export const approveReply = (who: Actor, id: string, note?: string | null) =>
  transition(who, id, 'approveReply', { note, changes: () => ({ replyPublishedAt: who.clock.now() }) });

export const sendBackReply = (who: Actor, id: string, reason: string) =>
  transition(who, id, 'sendBackReply', { note: reasonOf(reason) });

export function recordReturnVisit(who: Actor, id: string, satisfaction: Satisfaction, comment?: string | null) {
  const text = optionalText('comment', comment, LIMITS.note);
  return transition(who, id, 'followUp', {
    note: text,
    changes: () => ({ satisfaction, returnVisitComment: text, returnVisitAt: who.clock.now(), returnVisitBy: who.actor }),
  });
}

export const closeMessage = (who: Actor, id: string, note?: string | null) => transition(who, id, 'close', { note });

export function reopenMessage(who: Actor, id: string, reason: string) {
  return transition(who, id, 'reopen', {
    note: reasonOf(reason),
    check: (row) => {
      if (!isDissatisfied(row.satisfaction as Satisfaction | null)) {
        throw new DomainError(
          ErrorCode.ILLEGAL_TRANSITION,
          `Only a message whose return visit found the citizen dissatisfied can be reopened (it was ${row.satisfaction})`,
          { action: 'reopen', status: row.status },
        );
      }
    },
  });
}

export async function mergeMessage(who: Actor, id: string, intoId: string, note?: string | null) {
  if (id === intoId) throw invalidInput('intoId', 'a message cannot be merged into itself');
  if (!isMessageId(intoId)) throw notFound('Message', intoId);
  return transition(who, id, 'merge', {
    note,
    check: async (_row, tx) => {
      // Lock the target too, so two messages cannot be merged into each other at the same time.
      const [target] = await tx.select().from(messages).where(eq(messages.id, intoId)).for('update');
      if (!target) throw notFound('Message', intoId);
      // Merging ties the two together: the caller must reach the target as well.
      await who.authorize?.('merge', target);
      if (target.status === AppealStatus.MERGED) {
        throw invalidInput('intoId', `message ${target.number} is itself merged; merge into ${target.mergedIntoId} instead`);
      }
    },
    changes: () => ({ mergedIntoId: intoId }),
  });
}
