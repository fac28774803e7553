import type { Tx } from '../db/database.ts';
import { DomainError, ErrorCode, invalidInput, notFound } from '../errors.ts';
import { AppealStatus, isDissatisfied, type AppealAction, type Satisfaction } from '../lifecycle.ts';
import { isUuid, optionalText, requireText } from '../validation.ts';
import type { AppealRow } from './appeal-row.ts';
import { lockAppeal, runTransition, type Actor, type TransitionOptions } from './executor.ts';
import { CHANNELS } from './registry.ts';
import type { ChannelSpec } from './spec.ts';

export interface SharedStepHooks<Row extends AppealRow> {
  /** Column changes of a reopening beside the status (the hotline's fresh deadline and reopen count). */
  reopen?: (row: Row, tx: Tx, who: Actor) => Promise<Partial<Row>> | Partial<Row>;
}

/**
 * The lifecycle steps every channel takes the same way, built once from its spec: accept, reject,
 * acknowledge, return, reassign, send back, close, reopen (only after a dissatisfied return visit)
 * and merge (into an appeal the caller can see and act on, locked too). Channels write their own
 * assign, reply, approval and return visit, which set channel-specific columns.
 */
export function sharedSteps<Row extends AppealRow>(spec: ChannelSpec<Row, any>, hooks: SharedStepHooks<Row> = {}) {
  const entity = CHANNELS[spec.channel].entity;
  const noun = entity.toLowerCase();
  const step = (who: Actor, id: string, action: AppealAction, options: TransitionOptions<Row> = {}) =>
    runTransition(spec, who, id, action, options);
  const reasonOf = (reason: string) => requireText('reason', reason, { max: spec.noteLimit });
  return {
    step,
    reasonOf,
    accept: (who: Actor, id: string, note?: string | null) => step(who, id, 'accept', { note }),
    reject: (who: Actor, id: string, reason: string) => step(who, id, 'reject', { note: reasonOf(reason) }),
    acknowledge: (who: Actor, id: string, note?: string | null) => step(who, id, 'acknowledge', { note }),
    return: (who: Actor, id: string, reason: string) => step(who, id, 'return', { note: reasonOf(reason) }),
    /** Back to intake after a return: no assignee, no deadline, until it is forwarded again. */
    reassign: (who: Actor, id: string, note?: string | null) =>
      step(who, id, 'reassign', { note, prepare: () => ({ assigneeId: null, dueAt: null }) as Partial<Row> }),
    sendBackReply: (who: Actor, id: string, reason: string) => step(who, id, 'sendBackReply', { note: reasonOf(reason) }),
    close: (who: Actor, id: string, note?: string | null) => step(who, id, 'close', { note }),
    reopen: (who: Actor, id: string, reason: string) =>
      step(who, id, 'reopen', {
        note: reasonOf(reason),
        prepare: async (row, tx) => {
          if (!isDissatisfied(row.satisfaction as Satisfaction | null)) {
            throw new DomainError(
              ErrorCode.ILLEGAL_TRANSITION,
              `Only a ${noun} whose return visit found the citizen dissatisfied can be reopened (it was ${row.satisfaction})`,
              { action: 'reopen', status: row.status },
            );
          }
          return (await hooks.reopen?.(row, tx, who)) ?? {};
        },
      }),
    /** A repeated appeal about the same matter, merged into the one that handles it. */
    merge: async (who: Actor, id: string, intoId: string, note?: string | null) => {
      if (id === intoId) throw invalidInput('intoId', `a ${noun} cannot be merged into itself`);
      if (!isUuid(intoId)) throw notFound(entity, intoId);
      return step(who, id, 'merge', {
        note,
        prepare: async (_row, tx) => {
          // Lock the target too, so two appeals cannot be merged into each other at the same time.
          const { row: target, facts } = await lockAppeal(spec, tx, intoId);
          // One the caller cannot see is, to them, one that does not exist; one they see they must also act on.
          if (who.access && !(await who.access.canSee(facts))) throw notFound(entity, intoId);
          await who.access?.requireAppealAction('merge', facts);
          if (target.status === AppealStatus.MERGED) {
            throw invalidInput('intoId', `${noun} ${target.number} is itself merged; merge into ${target.mergedIntoId} instead`);
          }
          if (target.status === AppealStatus.REJECTED) throw invalidInput('intoId', `${noun} ${target.number} was rejected`);
          return { mergedIntoId: intoId } as Partial<Row>;
        },
      });
    },
  };
}

/** The row's columns (property names) that keep a channel's reply: the supervision platform calls it a results report. */
export interface ReplyColumns {
  content: string;
  agencyId: string;
  submittedAt: string;
  /** Set when the office approves the reply (a board reply is then published). */
  approvedAt: string;
}

/**
 * The reply and the return visit of a channel that keeps both on the appeal's row (the board and
 * the supervision platform; the hotline keeps a table of return visits): the handling agency submits
 * its reply, the office approves it, the office's return visit rates it.
 */
export function rowReplySteps<Row extends AppealRow>(spec: ChannelSpec<Row, any>, reply: ReplyColumns, limits: { content: number }) {
  const step = (who: Actor, id: string, action: AppealAction, options: TransitionOptions<Row> = {}) =>
    runTransition(spec, who, id, action, options);
  return {
    submitReply: (who: Actor, id: string, content: string) => {
      const text = requireText('content', content, { max: limits.content });
      return step(who, id, 'submitReply', {
        prepare: (row) =>
          ({ [reply.content]: text, [reply.agencyId]: row.assigneeId, [reply.submittedAt]: who.clock.now(), [reply.approvedAt]: null }) as Partial<Row>,
      });
    },
    approveReply: (who: Actor, id: string, note?: string | null) =>
      step(who, id, 'approveReply', { note, prepare: () => ({ [reply.approvedAt]: who.clock.now() }) as Partial<Row> }),
    recordReturnVisit: (who: Actor, id: string, satisfaction: Satisfaction, comment?: string | null) => {
      const text = optionalText('comment', comment, spec.noteLimit);
      return step(who, id, 'followUp', {
        note: text,
        prepare: () =>
          ({ satisfaction, returnVisitComment: text, returnVisitAt: who.clock.now(), returnVisitBy: who.actor }) as unknown as Partial<Row>,
      });
    },
  };
}
