import type { AppealRow, AppealStep } from './channel/appeal-row.ts';
import { CHANNELS, type Channel } from './channel/registry.ts';
import type { Executor } from './db/database.ts';
import { appendEvent, appendEvents } from './events/event-log.ts';
import type { AppealStatus, Satisfaction } from './lifecycle.ts';
import { maskFreeText, type KnownNames } from './privacy/free-text.ts';

export type { Channel } from './channel/registry.ts';

/** The event type every channel writes for every lifecycle transition of an appeal. */
export const APPEAL_TRANSITIONED = 'AppealTransitioned';

/** Channel-specific extras of an event: never personal. */
export type EventExtra = Record<string, string | number | boolean | null>;

/**
 * The cross-channel contract: what a channel says about an appeal each time it moves, enough for
 * the case ledger and dashboards without asking the channel. No personal data: no names, phone
 * numbers or addresses, ever, since these payloads reach dashboards. The free text it carries (title,
 * note) is masked before it is written, so the log itself holds masked text only; the original stays
 * on the channel's rows, for the audited reveal.
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
  /** The office that dispatched the appeal to its assignee (absent from events written before it was kept). */
  dispatcherId?: string | null;
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
  extra?: EventExtra;
}

/**
 * The one payload builder: the shared fields named one by one from the row, so a column added to
 * a channel's table (a poster's phone, say) never reaches the event log by accident. `names` are the
 * appeal's known personal names (poster, caller, reporter), masked wherever the text repeats them.
 */
export function appealEventPayload<Extra extends EventExtra>(
  channel: Channel,
  row: AppealRow,
  step: AppealStep,
  details: { category: string | null; extra: Extra; names?: KnownNames },
): AppealEventPayload & { extra: Extra } {
  return {
    channel,
    number: row.number,
    title: maskFreeText(row.title, details.names),
    category: details.category,
    regionCode: row.regionCode,
    action: step.action,
    from: step.from,
    to: row.status as AppealStatus,
    assigneeId: row.assigneeId,
    // Only once there is one, so events of appeals never forwarded by an office stay as they were.
    ...(row.dispatcherId ? { dispatcherId: row.dispatcherId } : {}),
    submittedAt: row.submittedAt.toISOString(),
    dueAt: row.dueAt?.toISOString() ?? null,
    satisfaction: row.satisfaction as Satisfaction | null,
    mergedIntoId: row.mergedIntoId,
    actor: step.actor,
    note: maskFreeText(step.note, details.names),
    sequence: row.version,
    extra: details.extra,
  };
}

/** Appends a channel's AppealTransitioned event inside the transaction that made the change. */
export function appendAppealEvent(
  tx: Executor,
  event: { aggregateId: string; occurredAt: Date; payload: AppealEventPayload },
): Promise<void> {
  const entry = CHANNELS[event.payload.channel];
  return appendEvent(tx, { ...event, source: entry.subgraph, aggregateType: entry.entity, type: APPEAL_TRANSITIONED });
}

/** The same rows appendAppealEvent writes one at a time, in the order given, with one NOTIFY (bulk seeders). */
export function appendAppealEvents(
  tx: Executor,
  events: readonly { aggregateId: string; occurredAt: Date; payload: AppealEventPayload }[],
): Promise<void> {
  return appendEvents(
    tx,
    events.map((e) => {
      const entry = CHANNELS[e.payload.channel];
      return { ...e, source: entry.subgraph, aggregateType: entry.entity, type: APPEAL_TRANSITIONED };
    }),
  );
}
