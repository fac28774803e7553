import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import {
  advanceRow,
  appealEventPayload,
  appendAppealEvents,
  AppealStatus,
  CHANNELS,
  demoStaff,
  insertJsonRows,
  invalidInput,
  isDissatisfied,
  isRegionCode,
  notFound,
  optionalText,
  requireFutureDeadline,
  requireText,
  reserveNumbers,
  rowsOf,
  requireStepRules,
  staffRoleFor,
  timelineEntryOf,
  type AppealAction,
  type AppealStep,
  type Satisfaction,
  type Tx,
} from '@civicgraph/platform';
import { sql } from 'drizzle-orm';
import { BOARD_CHANNEL, LIMITS } from '../domain/channel.ts';
import { factsOf } from '../access.ts';
import { posterContact } from '../domain/poster.ts';
import type { Story, StoryStep } from './demo-stories.ts';
import { boards, messages, messageTransitions, type MessageRow } from './tables.ts';

/*
 * The demo stories written set-based: each message's whole history is built in memory with the
 * kit's pure parts (the lifecycle rule in advanceRow, timelineEntryOf, appealEventPayload) and the
 * same checks and column changes as the board's mutations, then written in a handful of statements.
 * A seeded message is indistinguishable from one that went through the API step by step, and each
 * step is authorized as the API would authorize it: a `staff:<agency>` actor acts with the access a
 * request of that agency, in the role the step needs, would have (demoStaff).
 */

type Change = Partial<MessageRow>;
type NewTransition = Omit<typeof messageTransitions.$inferInsert, 'id'>;

/** The action, the column changes and the agency named in the timeline of one story step (as messages.ts does it). */
function stepOf(step: StoryStep, row: MessageRow, at: Date): { action: AppealAction; note: string | null; change: Change; agencyId?: string } {
  const note = optionalText('note', 'note' in step ? step.note : null, LIMITS.note);
  switch (step.do) {
    case 'accept':
      return { action: 'accept', note, change: {} };
    case 'acknowledge':
      return { action: 'acknowledge', note, change: {} };
    case 'closeMessage':
      return { action: 'close', note, change: {} };
    case 'reopen':
      // As reopenMessage: a reason, and only after a dissatisfied return visit (the lifecycle rule).
      if (!isDissatisfied(row.satisfaction as Satisfaction | null)) throw invalidInput('reopen', 'only after a dissatisfied return visit');
      return { action: 'reopen', note: requireText('reason', step.note, { max: LIMITS.note }), change: {} };
    case 'forward':
      // As the kit's forward step: the forwarding office becomes the dispatching office.
      return {
        action: 'assign',
        note,
        agencyId: step.agencyId,
        change: { assigneeId: step.agencyId, dueAt: requireFutureDeadline('dueAt', new Date(step.dueAt), at), dispatcherId: agencyOfActor(step.actor) ?? row.dispatcherId },
      };
    case 'submitReply': {
      const content = requireText('content', step.content, { max: LIMITS.content });
      return { action: 'submitReply', note: null, change: { replyContent: content, replyAgencyId: row.assigneeId, replySubmittedAt: at, replyPublishedAt: null } };
    }
    case 'approveReply':
      return { action: 'approveReply', note, change: { replyPublishedAt: at } };
    case 'returnVisit': {
      const comment = optionalText('comment', step.comment, LIMITS.note);
      return { action: 'followUp', note: comment, change: { satisfaction: step.satisfaction, returnVisitComment: comment, returnVisitAt: at, returnVisitBy: step.actor } };
    }
  }
}

const agencyOfActor = (actor: string) => /^staff:(.+)$/.exec(actor)?.[1] ?? null;

/** Boards, regions and agencies the stories name, read once; a name that does not exist is NOT_FOUND as in the API. */
async function directory(tx: Tx, stories: readonly Story[]) {
  const boardIds = new Set((await tx.select({ id: boards.id }).from(boards).where(inArray(boards.id, [...new Set(stories.map((s) => s.boardId))]))).map((b) => b.id));
  const codes = [...new Set(stories.map((s) => s.regionCode))];
  const agencies = [...new Set(stories.flatMap((s) => s.steps.flatMap((step) => (step.do === 'forward' ? [step.agencyId] : []))))];
  const list = (values: string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);
  const regionCodes = new Set(rowsOf<{ code: string }>(await tx.execute(sql`select code from agencies.regions where code in (${list(codes)})`)).map((r) => r.code));
  const agencyIds = new Set(rowsOf<{ id: string }>(await tx.execute(sql`select id from agencies.agencies where id in (${list(agencies)})`)).map((r) => r.id));
  return { boardIds, regionCodes, agencyIds };
}

/** Writes the stories in the order given (numbers follow it), each posted by a citizen and taken through its steps. */
export async function writeStories(tx: Tx, stories: readonly Story[]): Promise<void> {
  if (stories.length === 0) return;
  const known = await directory(tx, stories);
  const numbers = await reserveNumbers(tx, BOARD_CHANNEL.numbers, CHANNELS.BOARD.numberPrefix, new Date(stories[0]!.postedAt), stories.length);
  const rows: MessageRow[] = [];
  const transitions: NewTransition[] = [];
  const events: Parameters<typeof appendAppealEvents>[1][number][] = [];
  const record = async (row: MessageRow, step: AppealStep) => {
    const { dueAt: _dueAt, ...entry } = timelineEntryOf(row, step);
    transitions.push({ messageId: row.id, ...entry });
    const payload = appealEventPayload('BOARD', row, step, await BOARD_CHANNEL.eventDetails(row, tx));
    events.push({ aggregateId: row.id, occurredAt: step.at, payload });
  };
  const staff = demoStaff(tx);
  for (const [i, story] of stories.entries()) {
    let row = postedRow(story, numbers[i]!, known);
    await record(row, { action: BOARD_CHANNEL.openAction, from: null, actor: 'citizen', agencyId: null, note: null, at: row.submittedAt });
    for (const step of story.steps) {
      const at = new Date(step.at);
      const { action, note, change, agencyId } = stepOf(step, row, at);
      const access = staff(step.actor, staffRoleFor(action));
      await access?.requireAppealAction(action, factsOf(row));
      await requireStepRules(access, action, row, change);
      if (agencyId !== undefined && !known.agencyIds.has(agencyId)) throw notFound('Agency', agencyId);
      const before = row;
      row = advanceRow(before, action, change, at);
      const actedFor = agencyId ?? before.assigneeId ?? row.assigneeId;
      await record(row, { action: BOARD_CHANNEL.actions[action], from: before.status as AppealStatus, actor: step.actor, agencyId: actedFor, note, at });
    }
    rows.push(row);
  }
  await insertJsonRows(tx, messages, rows);
  await insertJsonRows(tx, messageTransitions, transitions);
  await appendAppealEvents(tx, events);
}

/** The message as postMessage writes it: the same checks on title, content, region, board and contact. */
function postedRow(story: Story, number: string, known: { boardIds: Set<string>; regionCodes: Set<string> }): MessageRow {
  const title = requireText('title', story.title, { max: LIMITS.title });
  const content = requireText('content', story.content, { max: LIMITS.content });
  const category = optionalText('category', story.category, LIMITS.category);
  if (!isRegionCode(story.regionCode)) throw invalidInput('regionCode', 'must be a six-digit administrative code');
  if (!known.boardIds.has(story.boardId)) throw notFound('Board', story.boardId);
  if (!known.regionCodes.has(story.regionCode)) throw notFound('Region', story.regionCode);
  const at = new Date(story.postedAt);
  return {
    id: randomUUID(),
    number,
    boardId: story.boardId,
    title,
    content,
    category,
    regionCode: story.regionCode,
    status: AppealStatus.SUBMITTED,
    version: 1,
    submittedAt: at,
    updatedAt: at,
    assigneeId: null,
    dueAt: null,
    satisfaction: null,
    mergedIntoId: null,
    replyContent: null,
    replyAgencyId: null,
    replySubmittedAt: null,
    replyPublishedAt: null,
    returnVisitComment: null,
    returnVisitAt: null,
    returnVisitBy: null,
    authorSubject: null,
    dispatcherId: null,
    ...posterContact(story.contact),
  };
}
