import { randomUUID } from 'node:crypto';
import {
  AppealStatus, CHANNELS, dueAtFor, invalidInput, isRegionCode, lockAppeal, requireRegions, unknownReference,
  optionalText, pickDeadlineRule, recordOpening, requireFutureDeadline, requireText, reserveNumbers, rowReplySteps,
  sharedSteps, type Actor, type Tx,
} from '@civicgraph/platform';
import { TRANSFER_ROLES } from '../access.ts';
import { clues, type ClueRow } from '../db/tables.ts';
import { LIMITS, SENSITIVITIES, SUPERVISION_CHANNEL, SUPERVISION_DEADLINE_RULES, type Sensitivity } from './channel.ts';
import { agencyRegions, servesRegion } from './common.ts';

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
    // A code of no region would leave the clue (and its case in the ledger) without a place.
    await requireRegions(tx, [{ field: 'regionCode', code: input.regionCode }]);
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

const shared = sharedSteps(SUPERVISION_CHANNEL);

/** A lifecycle step on a clue through the kit's executor. */
export const transition = shared.step;

export const acceptClue = shared.accept;
export const rejectClue = shared.reject;
export const acknowledgeClue = shared.acknowledge;
export const returnClue = shared.return;
export const reassignClue = shared.reassign;
export const sendBackResultsReport = shared.sendBackReply;
export const closeClue = shared.close;
/** Only after a return visit that found the citizen dissatisfied. */
export const reopenClue = shared.reopen;
/** Into a clue the caller also sees and may act on: merging into a clue is acting on it too. */
export const mergeClue = shared.merge;

/**
 * Transfer to a locality's agency (网上转办) with a deadline for its results report; without one,
 * the channel's rules set it by the clue's sensitivity on the official working-day calendar.
 */
export function transferClue(who: Actor, id: string, agencyId: string, dueAt?: Date | null, note?: string | null) {
  const at = who.clock.now();
  if (dueAt) requireFutureDeadline('dueAt', dueAt, at);
  return transition(who, id, 'assign', {
    note,
    agencyId,
    // The office taking the clue in (or a supervisor), by the shared intake rule; handlers never.
    authorize: async ({ facts }) => {
      who.access?.require(TRANSFER_ROLES, 'transfer clues');
      await who.access?.requireAppealAction('assign', facts, 'transfer clues');
    },
    prepare: async (row, tx) => {
      const region = (await agencyRegions(tx, [agencyId])).get(agencyId);
      if (!region) throw unknownReference('agencyId', 'agency', agencyId);
      if (!servesRegion(region, row.regionCode)) {
        throw invalidInput('agencyId', `agency ${agencyId} (region ${region}) is not responsible for region ${row.regionCode}`);
      }
      const rule = pickDeadlineRule(SUPERVISION_DEADLINE_RULES, { category: row.category, urgency: row.sensitivity });
      return { assigneeId: agencyId, dueAt: dueAt ?? dueAtFor(rule, at) };
    },
  });
}

/** The locality's results report (the clue's reply), its approval and the return visit, on the clue's row. */
export const { submitReply: submitResultsReport, approveReply: approveResultsReport, recordReturnVisit } = rowReplySteps(
  SUPERVISION_CHANNEL,
  { content: 'reportContent', agencyId: 'reportAgencyId', submittedAt: 'reportSubmittedAt', approvedAt: 'reportApprovedAt' },
  { content: LIMITS.content },
);
