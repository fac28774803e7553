import {
  advanceRow,
  appealEventPayload,
  AppealStatus,
  timelineEntryOf,
  type AppealAction,
  type AppealStep,
  type KnownNames,
  type Satisfaction,
} from '@civicgraph/platform';
import type { ReturnVisitRow, TicketRow, TransitionRow } from '../db/tables.ts';
import { endedAtOn, TICKET_ACTIONS, ticketExtra, type CategoryLabel, type TicketAction, type TicketEventPayload } from './channel.ts';

/*
 * A ticket's lifecycle in memory, for histories written in one go (first-contact resolution and the
 * bulk demo seeder). They use the kit's pure parts (advanceRow, timelineEntryOf, appealEventPayload)
 * exactly as the executor does for live mutations, so a seeded ticket is indistinguishable from a real one.
 */

export { isUuid } from '@civicgraph/platform';
export { LIMITS, TICKET_ACTIONS, type CategoryLabel, type TicketAction, type TicketEventPayload } from './channel.ts';

export type Step = AppealStep<TicketAction>;

export type TicketChanges = Partial<Omit<TicketRow, 'id' | 'number' | 'status' | 'version'>>;

/** Column changes of the actions that change more than the status. */
export const changes = {
  /** `dispatcherId`: the forwarding office, for writers outside the kit's forward step (the demo), which records it itself. */
  assign: (agencyId: string, dueAt: Date, dispatcherId?: string): TicketChanges => ({ assigneeId: agencyId, dueAt, ...(dispatcherId ? { dispatcherId } : {}) }),
  reassign: (): TicketChanges => ({ assigneeId: null, dueAt: null }),
  submitReply: (row: TicketRow, content: string, at: Date): TicketChanges => ({
    replyContent: content,
    replyAgencyId: row.assigneeId,
    replySubmittedAt: at,
    replyPublishedAt: null,
  }),
  approveReply: (at: Date): TicketChanges => ({ replyPublishedAt: at }),
  followUp: (satisfaction: Satisfaction): TicketChanges => ({ satisfaction }),
  /** Handled again: a fresh deadline by the same rules. */
  reopen: (row: TicketRow, dueAt: Date): TicketChanges => ({ reopenCount: row.reopenCount + 1, dueAt }),
  merge: (intoId: string): TicketChanges => ({ mergedIntoId: intoId }),
};

export type NewTransition = Omit<TransitionRow, 'id'>;
export type NewReturnVisit = Omit<ReturnVisitRow, 'id'>;

export interface NewTicketEvent {
  aggregateId: string;
  occurredAt: Date;
  payload: TicketEventPayload;
}

/**
 * A ticket's whole history built in memory, step by step under the lifecycle rules, for writing
 * in one go: first-contact resolution (all steps in one transaction) and the bulk demo seeder.
 */
export class TicketHistory {
  readonly transitions: NewTransition[] = [];
  readonly events: NewTicketEvent[] = [];
  readonly returnVisits: NewReturnVisit[] = [];
  row: TicketRow;

  constructor(
    opened: TicketRow,
    private readonly category: CategoryLabel,
    actor: string,
    /** The caller's name, masked wherever the ticket's free text repeats it. */
    private readonly names: KnownNames = [],
  ) {
    this.row = opened;
    this.record({ action: 'OPEN', from: null, actor, agencyId: null, note: null, at: opened.submittedAt });
  }

  apply(action: AppealAction, step: { actor: string; at: Date; note?: string | null; agencyId?: string | null }, change: TicketChanges = {}) {
    const before = this.row;
    this.row = advanceRow<TicketRow>(before, action, change, step.at, endedAtOn);
    this.record({
      action: TICKET_ACTIONS[action],
      from: before.status as AppealStatus,
      actor: step.actor,
      agencyId: step.agencyId !== undefined ? step.agencyId : (before.assigneeId ?? this.row.assigneeId),
      note: step.note ?? null,
      at: step.at,
    });
    if (action === 'followUp') {
      this.returnVisits.push({
        ticketId: this.row.id,
        sequence: this.returnVisits.length + 1,
        satisfaction: this.row.satisfaction!,
        comment: step.note ?? null,
        by: step.actor,
        at: step.at,
      });
    }
    return this;
  }

  private record(step: Step) {
    this.transitions.push({ ticketId: this.row.id, ...timelineEntryOf(this.row, step) });
    const payload = appealEventPayload('HOTLINE', this.row, step, { category: this.category.path, extra: ticketExtra(this.row, this.category), names: this.names });
    this.events.push({ aggregateId: this.row.id, occurredAt: step.at, payload: payload as TicketEventPayload });
  }
}

/** A freshly opened ticket's row (SUBMITTED, version 1). */
export function openedRow(fields: Pick<
  TicketRow,
  'id' | 'number' | 'hotlineId' | 'callId' | 'title' | 'content' | 'categoryId' | 'regionCode' | 'urgency' | 'deadlineClass' | 'submittedAt'
> & { firstContactResolution?: boolean }): TicketRow {
  return {
    ...fields,
    status: AppealStatus.SUBMITTED,
    version: 1,
    updatedAt: fields.submittedAt,
    assigneeId: null,
    dueAt: null,
    replyContent: null,
    replyAgencyId: null,
    replySubmittedAt: null,
    replyPublishedAt: null,
    satisfaction: null,
    firstContactResolution: fields.firstContactResolution ?? false,
    reopenCount: 0,
    mergedIntoId: null,
    dispatcherId: null,
    endedAt: null,
  };
}
