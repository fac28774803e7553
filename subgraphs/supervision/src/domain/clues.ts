import { randomUUID } from 'node:crypto';
import {
  AppealStatus,
  CHANNELS,
  DomainError,
  ErrorCode,
  invalidInput,
  isDissatisfied,
  isRegionCode,
  lockAppeal,
  notFound,
  optionalText,
  recordOpening,
  requireFutureDeadline,
  requireText,
  reserveNumbers,
  runTransition,
  type Actor,
  type AppealAction,
  type Satisfaction,
  type TransitionOptions,
  type Tx,
} from '@civicgraph/platform';
import { SUPERVISION_ROLES } from '../access.ts';
import { clues, type ClueRow } from '../db/tables.ts';
import { LIMITS, SENSITIVITIES, SUPERVISION_CHANNEL, type Sensitivity } from './channel.ts';
import { agencyRegions, isUuid, servesRegion } from './common.ts';

export { CLUE_ACTIONS, CLUE_NUMBER_KIND, SENSITIVITIES, type ClueAction, type ClueEventPayload, type Sensitivity } from './channel.ts';

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
    const [number] = await reserveNumbers(tx, SUPERVISION_CHANNEL.numbers, CHANNELS.SUPERVISION.numberPrefix, at);
    const [row] = await tx
      .insert(clues)
      .values({
        id, number: number!, title, content, category, regionCode: input.regionCode, sensitivity,
        status: AppealStatus.SUBMITTED, version: 1, submittedAt: at, updatedAt: at, reporterName, reporterPhone: phone, reporterSubject,
      })
      .returning();
    await recordOpening(SUPERVISION_CHANNEL, tx, row!, who.actor);
    return row!;
  });
}

/** Locks the clue, or says it does not exist. */
export const lockClue = async (tx: Tx, id: string): Promise<ClueRow> => (await lockAppeal(SUPERVISION_CHANNEL, tx, id)).row;

/** A lifecycle step on a clue through the kit's executor. */
export const transition = (who: Actor, id: string, action: AppealAction, options: TransitionOptions<ClueRow> = {}) =>
  runTransition(SUPERVISION_CHANNEL, who, id, action, options);

/** A supervision-only step (transfer): supervisors and admins, wherever the clue is. */
export const asSupervisor =
  (who: Actor, what: string): TransitionOptions<ClueRow>['authorize'] =>
  async ({ facts }) =>
    who.access?.requireOnAppeal(SUPERVISION_ROLES, facts, what);

const reasonOf = (reason: string) => requireText('reason', reason, { max: LIMITS.note });

export const acceptClue = (who: Actor, id: string, note?: string | null) => transition(who, id, 'accept', { note });

export const rejectClue = (who: Actor, id: string, reason: string) => transition(who, id, 'reject', { note: reasonOf(reason) });

/** Transfer to a locality's agency (网上转办) with a deadline for its results report. */
export function transferClue(who: Actor, id: string, agencyId: string, dueAt: Date, note?: string | null) {
  requireFutureDeadline('dueAt', dueAt, who.clock.now());
  return transition(who, id, 'assign', {
    note,
    agencyId,
    authorize: asSupervisor(who, 'transfer clues'),
    prepare: async (row, tx) => {
      const region = (await agencyRegions(tx, [agencyId])).get(agencyId);
      if (!region) throw notFound('Agency', agencyId);
      if (!servesRegion(region, row.regionCode)) {
        throw invalidInput('agencyId', `agency ${agencyId} (region ${region}) is not responsible for region ${row.regionCode}`);
      }
      return { assigneeId: agencyId, dueAt };
    },
  });
}

export const acknowledgeClue = (who: Actor, id: string, note?: string | null) => transition(who, id, 'acknowledge', { note });

export const returnClue = (who: Actor, id: string, reason: string) => transition(who, id, 'return', { note: reasonOf(reason) });

export const reassignClue = (who: Actor, id: string, note?: string | null) =>
  transition(who, id, 'reassign', { note, prepare: () => ({ assigneeId: null, dueAt: null }) });

export function submitResultsReport(who: Actor, id: string, content: string) {
  const text = requireText('content', content, { max: LIMITS.content });
  return transition(who, id, 'submitReply', {
    prepare: (row) => ({ reportContent: text, reportAgencyId: row.assigneeId, reportSubmittedAt: who.clock.now(), reportApprovedAt: null }),
  });
}

export const approveResultsReport = (who: Actor, id: string, note?: string | null) =>
  transition(who, id, 'approveReply', { note, prepare: () => ({ reportApprovedAt: who.clock.now() }) });

export const sendBackResultsReport = (who: Actor, id: string, reason: string) =>
  transition(who, id, 'sendBackReply', { note: reasonOf(reason) });

export function recordReturnVisit(who: Actor, id: string, satisfaction: Satisfaction, comment?: string | null) {
  const text = optionalText('comment', comment, LIMITS.note);
  return transition(who, id, 'followUp', {
    note: text,
    prepare: () => ({ satisfaction, returnVisitComment: text, returnVisitAt: who.clock.now(), returnVisitBy: who.actor }),
  });
}

export const closeClue = (who: Actor, id: string, note?: string | null) => transition(who, id, 'close', { note });

export function reopenClue(who: Actor, id: string, reason: string) {
  return transition(who, id, 'reopen', {
    note: reasonOf(reason),
    prepare: (row) => {
      if (!isDissatisfied(row.satisfaction as Satisfaction | null)) {
        throw new DomainError(
          ErrorCode.ILLEGAL_TRANSITION,
          `Only a clue whose return visit found the citizen dissatisfied can be reopened (it was ${row.satisfaction})`,
          { action: 'reopen', status: row.status },
        );
      }
      return {};
    },
  });
}

/** The caller's right is checked on both clues: merging into a clue is acting on it too. */
export function mergeClue(who: Actor, id: string, intoId: string, note?: string | null) {
  if (id === intoId) throw invalidInput('intoId', 'a clue cannot be merged into itself');
  if (!isUuid(intoId)) throw notFound('Clue', intoId);
  return transition(who, id, 'merge', {
    note,
    prepare: async (_row, tx) => {
      // Lock the target too, so two clues cannot be merged into each other at the same time.
      const { row: target, facts } = await lockAppeal(SUPERVISION_CHANNEL, tx, intoId);
      await who.access?.requireAppealAction('merge', facts);
      if (target.status === AppealStatus.MERGED) {
        throw invalidInput('intoId', `clue ${target.number} is itself merged; merge into ${target.mergedIntoId} instead`);
      }
      return { mergedIntoId: intoId };
    },
  });
}
