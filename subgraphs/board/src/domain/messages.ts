import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import {
  agencyExists,
  AppealStatus,
  CHANNELS,
  DomainError,
  ErrorCode,
  invalidInput,
  isDissatisfied,
  isRegionCode,
  isUuid,
  lockAppeal,
  notFound,
  optionalText,
  requireFutureDeadline,
  recordOpening,
  requireText,
  reserveNumbers,
  runTransition,
  type Actor,
  type AppealAction,
  type Satisfaction,
  type TransitionOptions,
} from '@civicgraph/platform';
import { boards, messages, type MessageRow } from '../db/tables.ts';
import { BOARD_CHANNEL, LIMITS } from './channel.ts';
import { posterContact, type PosterContactInput } from './poster.ts';

export { LIMITS, MESSAGE_ACTIONS, type MessageAction, type MessageEventPayload } from './channel.ts';
export type { Actor };
export const isMessageId = isUuid;

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
    const [number] = await reserveNumbers(tx, BOARD_CHANNEL.numbers, CHANNELS.BOARD.numberPrefix, at);
    const [row] = await tx
      .insert(messages)
      .values({
        id: randomUUID(),
        number: number!,
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
    await recordOpening(BOARD_CHANNEL, tx, row!, who.actor);
    return row!;
  });
}

type Options = TransitionOptions<MessageRow>;

/** A lifecycle step on a message through the kit's executor. */
export const transition = (who: Actor, id: string, action: AppealAction, options: Options = {}) =>
  runTransition(BOARD_CHANNEL, who, id, action, options);

const reasonOf = (reason: string) => requireText('reason', reason, { max: LIMITS.note });

export const acceptMessage = (who: Actor, id: string, note?: string | null) => transition(who, id, 'accept', { note });

export const rejectMessage = (who: Actor, id: string, reason: string) =>
  transition(who, id, 'reject', { note: reasonOf(reason) });

export async function forwardMessage(who: Actor, id: string, agencyId: string, dueAt: Date, note?: string | null) {
  requireFutureDeadline('dueAt', dueAt, who.clock.now());
  return transition(who, id, 'assign', {
    note,
    agencyId,
    prepare: async (_row, tx) => {
      if (!(await agencyExists(tx, agencyId))) throw notFound('Agency', agencyId);
      return { assigneeId: agencyId, dueAt };
    },
  });
}

export const acknowledgeMessage = (who: Actor, id: string, note?: string | null) =>
  transition(who, id, 'acknowledge', { note });

export const returnMessage = (who: Actor, id: string, reason: string) =>
  transition(who, id, 'return', { note: reasonOf(reason) });

export const reassignMessage = (who: Actor, id: string, note?: string | null) =>
  transition(who, id, 'reassign', { note, prepare: () => ({ assigneeId: null, dueAt: null }) });

export function submitReply(who: Actor, id: string, content: string) {
  const text = requireText('content', content, { max: LIMITS.content });
  return transition(who, id, 'submitReply', {
    prepare: (row) => ({
      replyContent: text,
      replyAgencyId: row.assigneeId,
      replySubmittedAt: who.clock.now(),
      replyPublishedAt: null,
    }),
  });
}

export const approveReply = (who: Actor, id: string, note?: string | null) =>
  transition(who, id, 'approveReply', { note, prepare: () => ({ replyPublishedAt: who.clock.now() }) });

export const sendBackReply = (who: Actor, id: string, reason: string) =>
  transition(who, id, 'sendBackReply', { note: reasonOf(reason) });

export function recordReturnVisit(who: Actor, id: string, satisfaction: Satisfaction, comment?: string | null) {
  const text = optionalText('comment', comment, LIMITS.note);
  return transition(who, id, 'followUp', {
    note: text,
    prepare: () => ({ satisfaction, returnVisitComment: text, returnVisitAt: who.clock.now(), returnVisitBy: who.actor }),
  });
}

export const closeMessage = (who: Actor, id: string, note?: string | null) => transition(who, id, 'close', { note });

export function reopenMessage(who: Actor, id: string, reason: string) {
  return transition(who, id, 'reopen', {
    note: reasonOf(reason),
    prepare: (row) => {
      if (!isDissatisfied(row.satisfaction as Satisfaction | null)) {
        throw new DomainError(
          ErrorCode.ILLEGAL_TRANSITION,
          `Only a message whose return visit found the citizen dissatisfied can be reopened (it was ${row.satisfaction})`,
          { action: 'reopen', status: row.status },
        );
      }
      return {};
    },
  });
}

export async function mergeMessage(who: Actor, id: string, intoId: string, note?: string | null) {
  if (id === intoId) throw invalidInput('intoId', 'a message cannot be merged into itself');
  if (!isMessageId(intoId)) throw notFound('Message', intoId);
  return transition(who, id, 'merge', {
    note,
    prepare: async (_row, tx) => {
      // Lock the target too, so two messages cannot be merged into each other at the same time.
      const { row: target, facts } = await lockAppeal(BOARD_CHANNEL, tx, intoId);
      // Merging ties the two together: the caller must reach the target as well.
      await who.access?.requireAppealAction('merge', facts);
      if (target.status === AppealStatus.MERGED) {
        throw invalidInput('intoId', `message ${target.number} is itself merged; merge into ${target.mergedIntoId} instead`);
      }
      return { mergedIntoId: intoId };
    },
  });
}
