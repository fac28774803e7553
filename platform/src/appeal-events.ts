import type { Executor } from './db/database.ts';
import { appendEvent } from './events/event-log.ts';
import type { AppealStatus, Satisfaction } from './lifecycle.ts';

export type Channel = 'BOARD' | 'HOTLINE' | 'SUPERVISION';

/** The event type every channel writes for every lifecycle transition of an appeal. */
export const APPEAL_TRANSITIONED = 'AppealTransitioned';

/**
 * The cross-channel contract: what a channel says about an appeal each time it moves, enough for
 * the case ledger and dashboards without asking the channel. No personal data: no names, phone
 * numbers or addresses, ever, since these payloads reach dashboards.
 */
export interface AppealEventPayload extends Record<string, unknown> {
  channel: Channel;
  /** Human-readable number, e.g. BRD-2022-000123. */
  number: string;
  title: string;
  category: string | null;
  regionCode: string;
  /** The action's name in the channel's own vocabulary (FORWARD, RETURN_VISIT...). */
  action: string;
  from: AppealStatus | null;
  to: AppealStatus;
  assigneeId: string | null;
  /** ISO timestamps. */
  submittedAt: string;
  dueAt: string | null;
  satisfaction: Satisfaction | null;
  /** The appeal this one was merged into, when `to` is MERGED. */
  mergedIntoId: string | null;
  actor: string;
  note: string | null;
  /** 1 for the first transition of this appeal, then 2, 3...: consumers can detect order. */
  sequence: number;
  /** Channel-specific extras that are not personal (e.g. the board of a message). */
  extra?: Record<string, string | number | boolean | null>;
}

/** Appends an AppealTransitioned event inside the transaction that made the change. */
export function appendAppealEvent(
  tx: Executor,
  event: { source: string; aggregateType: string; aggregateId: string; occurredAt: Date; payload: AppealEventPayload },
): Promise<void> {
  return appendEvent(tx, { ...event, type: APPEAL_TRANSITIONED });
}
