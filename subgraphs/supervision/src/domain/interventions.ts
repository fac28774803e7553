import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { DomainError, ErrorCode, invalidInput, requireAgencies, requireText, TERMINAL_STATUSES, type AppealStatus } from '@civicgraph/platform';
import { clueInterventions, clues, type ClueRow, type InterventionRow } from '../db/tables.ts';
import { SUPERVISION_ROLES, clueFacts } from '../access.ts';
import { LIMITS, type Actor } from './common.ts';
import { lockClue, requireSensitivity } from './clues.ts';

export type InterventionKind = 'ON_SITE_VISIT' | 'COORDINATION_MEETING';

export interface InterventionInput {
  heldAt: Date;
  agencyIds: string[];
  summary: string;
}

function requireOpen(row: ClueRow, what: string): void {
  if (TERMINAL_STATUSES.includes(row.status as AppealStatus)) {
    throw new DomainError(ErrorCode.ILLEGAL_TRANSITION, `Cannot ${what} clue ${row.number}: it is ${row.status}`, { status: row.status });
  }
}

/** Changes how delicate an open clue is; not a lifecycle step, so no timeline row or appeal event. */
export async function setClueSensitivity(who: Actor, id: string, value: string): Promise<ClueRow> {
  const sensitivity = requireSensitivity(value);
  return who.db.transaction(async (tx) => {
    const row = await lockClue(tx, id);
    await who.access?.requireOnAppeal(SUPERVISION_ROLES, clueFacts(row), 'set the sensitivity of clues');
    requireOpen(row, 'change the sensitivity of');
    const [updated] = await tx.update(clues).set({ sensitivity }).where(eq(clues.id, id)).returning();
    return updated!;
  });
}

/**
 * On-site visits and coordination meetings (出现场、召开协调会) are for important or sensitive
 * clues only; general ones are handled by online transfer.
 */
export async function recordIntervention(
  who: Actor,
  clueId: string,
  kind: InterventionKind,
  input: InterventionInput,
): Promise<InterventionRow> {
  const summary = requireText('input.summary', input.summary, { max: LIMITS.content });
  if (Number.isNaN(input.heldAt.getTime())) throw invalidInput('input.heldAt', 'is not a valid date-time');
  if (input.heldAt.getTime() > who.clock.now().getTime()) throw invalidInput('input.heldAt', 'must not be in the future');
  const agencyIds = [...new Set(input.agencyIds)];
  if (agencyIds.length === 0) throw invalidInput('input.agencyIds', 'must name at least one agency');
  if (agencyIds.length > 50) throw invalidInput('input.agencyIds', 'must name at most 50 agencies');
  return who.db.transaction(async (tx) => {
    const clue = await lockClue(tx, clueId);
    await who.access?.requireOnAppeal(SUPERVISION_ROLES, clueFacts(clue), kind === 'ON_SITE_VISIT' ? 'record on-site visits' : 'record coordination meetings');
    requireOpen(clue, 'record a visit or meeting for');
    if (clue.sensitivity === 'GENERAL') {
      throw invalidInput('clueId', `clue ${clue.number} is GENERAL: visits and meetings are for important or sensitive clues`);
    }
    await requireAgencies(tx, agencyIds.map((id) => ({ field: 'input.agencyIds', id })));
    const [row] = await tx
      .insert(clueInterventions)
      .values({ id: randomUUID(), clueId, kind, heldAt: input.heldAt, agencyIds, summary, recordedBy: who.actor, recordedAt: who.clock.now() })
      .returning();
    return row!;
  });
}
