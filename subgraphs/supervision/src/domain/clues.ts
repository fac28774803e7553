import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import {
  appendAppealEvent,
  AppealStatus,
  DomainError,
  ErrorCode,
  invalidInput,
  isDissatisfied,
  isRegionCode,
  nextStatus,
  notFound,
  regionExists,
  optionalText,
  requireFutureDeadline,
  requireText,
  type AppealAction,
  type AppealEventPayload,
  type Satisfaction,
  type Tx,
} from '@civicgraph/platform';
import { clues, clueTransitions, type ClueRow } from '../db/tables.ts';
import { agencyRegions, chinaYear, formatNumber, isUuid, LIMITS, reserveNumbers, servesRegion, type Actor, type Authorize } from './common.ts';

/** Names in the timeline and in events (the SDL's ClueAction) for each lifecycle action. */
export const CLUE_ACTIONS = {
  accept: 'ACCEPT',
  reject: 'REJECT',
  assign: 'TRANSFER',
  acknowledge: 'ACKNOWLEDGE',
  return: 'RETURN',
  reassign: 'REASSIGN',
  submitReply: 'SUBMIT_RESULTS',
  approveReply: 'APPROVE_RESULTS',
  sendBackReply: 'SEND_BACK_RESULTS',
  followUp: 'RETURN_VISIT',
  close: 'CLOSE',
  reopen: 'REOPEN',
  merge: 'MERGE',
} as const satisfies Record<AppealAction, string>;
export type ClueAction = (typeof CLUE_ACTIONS)[AppealAction] | 'SUBMIT';

export const SENSITIVITIES = ['GENERAL', 'IMPORTANT', 'SENSITIVE'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

/** The supervision platform's events follow the cross-channel contract, with the sensitivity in `extra`. */
export type ClueEventPayload = AppealEventPayload & { action: ClueAction; extra: { sensitivity: Sensitivity } };

export const CLUE_NUMBER_KIND = 'SUP';

export interface SubmitClueInput {
  title: string;
  content: string;
  regionCode: string;
  category?: string | null;
  sensitivity?: Sensitivity | null;
  reporterName?: string | null;
  reporterPhone?: string | null;
}

export function requireSensitivity(value: string | null | undefined): Sensitivity {
  if (value == null) return 'GENERAL';
  if (!(SENSITIVITIES as readonly string[]).includes(value)) throw invalidInput('sensitivity', `must be one of ${SENSITIVITIES.join(', ')}`);
  return value as Sensitivity;
}

function reporterPhone(value: string | null | undefined): string | null {
  const phone = optionalText('reporterPhone', value, LIMITS.phone);
  if (phone && !/^\+?[\d\s-]{5,}$/.test(phone)) throw invalidInput('reporterPhone', 'must be a phone number');
  return phone;
}

export interface SubmitOptions {
  /** For the demo seeder only, so other subgraphs' demo data can refer to a story's clue. */
  id?: string;
  /** The signed-in citizen reporting it, who may then read it; null when staff enter it. */
  reporterSubject?: string | null;
}

export async function submitClue(who: Actor, input: SubmitClueInput, { id = randomUUID(), reporterSubject = null }: SubmitOptions = {}): Promise<ClueRow> {
  const title = requireText('title', input.title, { max: LIMITS.title });
  const content = requireText('content', input.content, { max: LIMITS.content });
  const category = optionalText('category', input.category, LIMITS.category);
  if (!isRegionCode(input.regionCode)) throw invalidInput('regionCode', 'must be a six-digit administrative code');
  const sensitivity = requireSensitivity(input.sensitivity);
  const reporterName = optionalText('reporterName', input.reporterName, LIMITS.name);
  const phone = reporterPhone(input.reporterPhone);
  const at = who.clock.now();
  return who.db.transaction(async (tx) => {
    // A code of no region would leave the clue (and its case in the ledger) without a place.
    if (!(await regionExists(tx, input.regionCode))) throw notFound('Region', input.regionCode);
    const year = chinaYear(at);
    const number = formatNumber(CLUE_NUMBER_KIND, year, await reserveNumbers(tx, CLUE_NUMBER_KIND, year, 1));
    const [row] = await tx
      .insert(clues)
      .values({
        id, number, title, content, category, regionCode: input.regionCode, sensitivity,
        status: AppealStatus.SUBMITTED, version: 1, submittedAt: at, updatedAt: at, reporterName, reporterPhone: phone, reporterSubject,
      })
      .returning();
    await record(tx, row!, { action: 'SUBMIT', from: null, actor: who.actor, agencyId: null, note: null, at });
    return row!;
  });
}

/** The event payload for a clue that has just made a transition; never carries the reporter's details. */
export function clueEventPayload(
  row: ClueRow,
  step: { action: ClueAction; from: AppealStatus | null; actor: string; note: string | null },
): ClueEventPayload {
  return {
    channel: 'SUPERVISION',
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
    extra: { sensitivity: row.sensitivity as Sensitivity },
  };
}

/** Writes the timeline row and the event for a change already applied to `row`, in the same transaction. */
async function record(
  tx: Tx,
  row: ClueRow,
  step: { action: ClueAction; from: AppealStatus | null; actor: string; agencyId: string | null; note: string | null; at: Date },
): Promise<void> {
  await tx.insert(clueTransitions).values({
    clueId: row.id, sequence: row.version, action: step.action, fromStatus: step.from, toStatus: row.status,
    actor: step.actor, agencyId: step.agencyId, note: step.note, at: step.at,
  });
  await appendAppealEvent(tx, {
    source: 'supervision', aggregateType: 'Clue', aggregateId: row.id, occurredAt: step.at, payload: clueEventPayload(row, step),
  });
}

interface TransitionOptions {
  note?: string | null;
  /** The caller's right to take this action on the locked row; checked before anything else. */
  authorize?: Authorize<ClueRow>;
  /** The agency acting or acted upon, for the timeline. */
  agencyId?: string | null;
  /** Further checks on the locked row, after the lifecycle rule passed. */
  check?: (row: ClueRow, tx: Tx) => Promise<void> | void;
  /** Column changes beside the status. */
  changes?: (row: ClueRow) => Partial<ClueRow>;
}

/** Locks the clue, or says it does not exist. */
export async function lockClue(tx: Tx, id: string): Promise<ClueRow> {
  if (!isUuid(id)) throw notFound('Clue', id);
  const [row] = await tx.select().from(clues).where(eq(clues.id, id)).for('update');
  if (!row) throw notFound('Clue', id);
  return row;
}

/**
 * The one way a clue changes state: lock the row, check the lifecycle rule, apply the change,
 * write the timeline row and the event — all in one transaction, so a refusal changes nothing.
 */
export async function transition(who: Actor, id: string, action: AppealAction, options: TransitionOptions = {}) {
  if (!isUuid(id)) throw notFound('Clue', id);
  const note = optionalText('note', options.note, LIMITS.note);
  const at = who.clock.now();
  return who.db.transaction(async (tx) => {
    const current = await lockClue(tx, id);
    await options.authorize?.(current);
    const status = nextStatus(action, current.status as AppealStatus);
    await options.check?.(current, tx);
    const [updated] = await tx
      .update(clues)
      .set({ ...options.changes?.(current), status, version: current.version + 1, updatedAt: at })
      .where(eq(clues.id, id))
      .returning();
    await record(tx, updated!, {
      action: CLUE_ACTIONS[action], from: current.status as AppealStatus, actor: who.actor,
      agencyId: options.agencyId ?? current.assigneeId, note, at,
    });
    return updated!;
  });
}

const reasonOf = (reason: string) => requireText('reason', reason, { max: LIMITS.note });
type Auth = Authorize<ClueRow>;

export const acceptClue = (who: Actor, id: string, note?: string | null, authorize?: Auth) => transition(who, id, 'accept', { note, authorize });

export const rejectClue = (who: Actor, id: string, reason: string, authorize?: Auth) =>
  transition(who, id, 'reject', { note: reasonOf(reason), authorize });

/** Transfer to a locality's agency (网上转办) with a deadline for its results report. */
export function transferClue(who: Actor, id: string, agencyId: string, dueAt: Date, note?: string | null, authorize?: Auth) {
  requireFutureDeadline('dueAt', dueAt, who.clock.now());
  return transition(who, id, 'assign', {
    note,
    agencyId,
    authorize,
    check: async (row, tx) => {
      const region = (await agencyRegions(tx, [agencyId])).get(agencyId);
      if (!region) throw notFound('Agency', agencyId);
      if (!servesRegion(region, row.regionCode)) {
        throw invalidInput('agencyId', `agency ${agencyId} (region ${region}) is not responsible for region ${row.regionCode}`);
      }
    },
    changes: () => ({ assigneeId: agencyId, dueAt }),
  });
}

export const acknowledgeClue = (who: Actor, id: string, note?: string | null, authorize?: Auth) =>
  transition(who, id, 'acknowledge', { note, authorize });

export const returnClue = (who: Actor, id: string, reason: string, authorize?: Auth) =>
  transition(who, id, 'return', { note: reasonOf(reason), authorize });

export const reassignClue = (who: Actor, id: string, note?: string | null, authorize?: Auth) =>
  transition(who, id, 'reassign', { note, authorize, changes: () => ({ assigneeId: null, dueAt: null }) });

export function submitResultsReport(who: Actor, id: string, content: string, authorize?: Auth) {
  const text = requireText('content', content, { max: LIMITS.content });
  return transition(who, id, 'submitReply', {
    authorize,
    changes: (row) => ({ reportContent: text, reportAgencyId: row.assigneeId, reportSubmittedAt: who.clock.now(), reportApprovedAt: null }),
  });
}

export const approveResultsReport = (who: Actor, id: string, note?: string | null, authorize?: Auth) =>
  transition(who, id, 'approveReply', { note, authorize, changes: () => ({ reportApprovedAt: who.clock.now() }) });

export const sendBackResultsReport = (who: Actor, id: string, reason: string, authorize?: Auth) =>
  transition(who, id, 'sendBackReply', { note: reasonOf(reason), authorize });

export function recordReturnVisit(who: Actor, id: string, satisfaction: Satisfaction, comment?: string | null, authorize?: Auth) {
  const text = optionalText('comment', comment, LIMITS.note);
  return transition(who, id, 'followUp', {
    note: text,
    authorize,
    changes: () => ({ satisfaction, returnVisitComment: text, returnVisitAt: who.clock.now(), returnVisitBy: who.actor }),
  });
}

export const closeClue = (who: Actor, id: string, note?: string | null, authorize?: Auth) => transition(who, id, 'close', { note, authorize });

export function reopenClue(who: Actor, id: string, reason: string, authorize?: Auth) {
  return transition(who, id, 'reopen', {
    note: reasonOf(reason),
    authorize,
    check: (row) => {
      if (!isDissatisfied(row.satisfaction as Satisfaction | null)) {
        throw new DomainError(
          ErrorCode.ILLEGAL_TRANSITION,
          `Only a clue whose return visit found the citizen dissatisfied can be reopened (it was ${row.satisfaction})`,
          { action: 'reopen', status: row.status },
        );
      }
    },
  });
}

/** `authorize` is checked on both clues: merging into a clue is acting on it too. */
export function mergeClue(who: Actor, id: string, intoId: string, note?: string | null, authorize?: Auth) {
  if (id === intoId) throw invalidInput('intoId', 'a clue cannot be merged into itself');
  if (!isUuid(intoId)) throw notFound('Clue', intoId);
  return transition(who, id, 'merge', {
    note,
    authorize,
    check: async (_row, tx) => {
      // Lock the target too, so two clues cannot be merged into each other at the same time.
      const target = await lockClue(tx, intoId);
      await authorize?.(target);
      if (target.status === AppealStatus.MERGED) {
        throw invalidInput('intoId', `clue ${target.number} is itself merged; merge into ${target.mergedIntoId} instead`);
      }
    },
    changes: () => ({ mergedIntoId: intoId }),
  });
}
