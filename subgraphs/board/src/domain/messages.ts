import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import {
  ACTION_ROLES, AppealStatus, CHANNELS, dueAtFor, invalidInput, isRegionCode, isUuid, requireAgencies, requireRegions,
  optionalText, pickDeadlineRule, recordOpening, requireFutureDeadline, requireText, reserveNumbers, unknownReference,
  rowReplySteps, sharedSteps, type Actor,
} from '@civicgraph/platform';
import { boards, messages, type MessageRow } from '../db/tables.ts';
import { BOARD_CHANNEL, BOARD_DEADLINE_RULES, LIMITS } from './channel.ts';
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
    if (!board) throw unknownReference('boardId', 'board', input.boardId);
    await requireRegions(tx, [{ field: 'regionCode', code: input.regionCode }]);
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

const shared = sharedSteps(BOARD_CHANNEL);

/** A lifecycle step on a message through the kit's executor. */
export const transition = shared.step;

export const acceptMessage = shared.accept;
/**
 * At review, only the office that runs the board (or a supervisor) rejects a message addressed to
 * its leader; staff elsewhere in the region, who may take other messages in, may not.
 */
export const rejectMessage = (who: Actor, id: string, reason: string) =>
  transition(who, id, 'reject', {
    note: shared.reasonOf(reason),
    authorize: async ({ row }, tx) => {
      if (!who.access) return;
      const [board] = await tx.select({ officeId: boards.officeId }).from(boards).where(eq(boards.id, row.boardId));
      await who.access.requireOffice(ACTION_ROLES.reject, board?.officeId ?? null, 'reject messages');
    },
  });
export const acknowledgeMessage = shared.acknowledge;
export const returnMessage = shared.return;
export const reassignMessage = shared.reassign;
export const sendBackReply = shared.sendBackReply;
export const closeMessage = shared.close;
/** Only after a return visit that found the citizen dissatisfied. */
export const reopenMessage = shared.reopen;
/** Into a message the caller also sees and may act on. */
export const mergeMessage = shared.merge;

/** Forwards to the handling agency; without a deadline, the board's rules set one on the official calendar. */
export async function forwardMessage(who: Actor, id: string, agencyId: string, dueAt?: Date | null, note?: string | null) {
  const at = who.clock.now();
  if (dueAt) requireFutureDeadline('dueAt', dueAt, at);
  return transition(who, id, 'assign', {
    note,
    agencyId,
    prepare: async (row, tx) => {
      await requireAgencies(tx, [{ field: 'agencyId', id: agencyId }]);
      return { assigneeId: agencyId, dueAt: dueAt ?? dueAtFor(pickDeadlineRule(BOARD_DEADLINE_RULES, { category: row.category, urgency: null }), at) };
    },
  });
}

/** The reply, its approval (which publishes it) and the return visit, on the message's row. */
export const { submitReply, approveReply, recordReturnVisit } = rowReplySteps(BOARD_CHANNEL, {
  content: 'replyContent', agencyId: 'replyAgencyId', submittedAt: 'replySubmittedAt', approvedAt: 'replyPublishedAt',
}, { content: LIMITS.content });
