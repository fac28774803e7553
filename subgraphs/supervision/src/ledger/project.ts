import { inArray } from 'drizzle-orm';
import {
  isChannel,
  APPEAL_TRANSITIONED,
  insertJsonRows,
  TERMINAL_STATUSES,
  upsertOn,
  type AppealEventPayload,
  type StoredEvent,
  type Tx,
} from '@civicgraph/platform';
import { cases, type CaseRow } from '../db/tables.ts';
import { isUuid } from '../domain/common.ts';

/**
 * The payload of an appeal event the ledger applies: every channel's AppealTransitioned that keeps
 * the contract. Events that break it are skipped (the ledger reports them) rather than stopping the
 * ledger, and the case feed skips them too.
 */
export function ledgerPayload(event: StoredEvent): AppealEventPayload | null {
  if (event.type !== APPEAL_TRANSITIONED) return null;
  const p = event.payload as Partial<AppealEventPayload>;
  const ok =
    isUuid(event.aggregateId) && typeof p.channel === 'string' && isChannel(p.channel) && typeof p.number === 'string' &&
    typeof p.title === 'string' && typeof p.regionCode === 'string' && typeof p.to === 'string' &&
    typeof p.submittedAt === 'string' && Number.isInteger(p.sequence);
  return ok ? (p as AppealEventPayload) : null;
}

const earliest = (a: Date | null, b: Date | null) => (a && b ? (a <= b ? a : b) : (a ?? b));
const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

/**
 * Folds one event into a case. State follows the newest sequence only, so an older event arriving
 * late cannot roll the case back; milestones keep the earliest instant seen, whatever the order.
 * Applying the same event twice gives the same row. Returns null when the event changes nothing.
 */
export function foldEvent(current: CaseRow | null, id: string, p: AppealEventPayload, at: Date): { row: CaseRow; newer: boolean } | null {
  const assignedAt = p.to === 'ASSIGNED' ? at : null;
  const repliedAt = p.to === 'REPLIED' ? at : null;
  const newer = !current || p.sequence > current.lastSequence;
  const base: CaseRow = current ?? ({ firstAssignedAt: null, repliedAt: null } as CaseRow);
  const milestones = { firstAssignedAt: earliest(base.firstAssignedAt, assignedAt), repliedAt: earliest(base.repliedAt, repliedAt) };
  if (!newer) {
    if (sameTime(milestones.firstAssignedAt, base.firstAssignedAt) && sameTime(milestones.repliedAt, base.repliedAt)) return null;
    return { row: { ...base, ...milestones }, newer };
  }
  return {
    newer,
    row: {
      id,
      channel: p.channel,
      number: p.number,
      title: p.title,
      category: p.category ?? null,
      regionCode: p.regionCode,
      status: p.to,
      assigneeId: p.assigneeId ?? null,
      // Events before the office was kept say nothing: the dispatcher seen last stays.
      dispatcherId: p.dispatcherId ?? base.dispatcherId ?? null,
      submittedAt: new Date(p.submittedAt),
      dueAt: p.dueAt ? new Date(p.dueAt) : null,
      satisfaction: p.satisfaction ?? null,
      mergedIntoId: p.mergedIntoId ?? null,
      ...milestones,
      closedAt: TERMINAL_STATUSES.includes(p.to) ? at : null,
      lastSequence: p.sequence,
      updatedAt: at,
    },
  };
}

const UPSERT = upsertOn(cases, 'id');

/**
 * Applies a batch of events to the ledger, set-based: one statement reads (and locks) the cases
 * the batch touches, one upserts every changed case. A batch of 500 events costs the same two
 * statements as a batch of 5. The ledger writes no event of its own per change: the caseEvents
 * feed delivers the appeal events themselves once the ledger has applied them (EventTail.applied).
 */
export async function applyToLedger(tx: Tx, events: StoredEvent[]): Promise<number> {
  const appeals = events.flatMap((event) => {
    const payload = ledgerPayload(event);
    if (!payload && event.type === APPEAL_TRANSITIONED) {
      console.warn(`case ledger: skipping malformed ${event.type} event of ${event.source} ${event.aggregateType} ${event.aggregateId}`);
    }
    return payload ? [{ event, payload }] : [];
  });
  if (appeals.length === 0) return 0;
  const ids = [...new Set(appeals.map((a) => a.event.aggregateId))];
  const existing = await tx.select().from(cases).where(inArray(cases.id, ids)).for('update');
  const state = new Map<string, CaseRow>(existing.map((row) => [row.id, row]));
  const changed = new Map<string, CaseRow>();
  for (const { event, payload } of appeals) {
    const id = event.aggregateId;
    const folded = foldEvent(state.get(id) ?? null, id, payload, event.occurredAt);
    if (!folded) continue;
    state.set(id, folded.row);
    changed.set(id, folded.row);
  }
  const rows = [...changed.values()];
  await insertJsonRows(tx, cases, rows, { onConflict: UPSERT });
  return rows.length;
}
