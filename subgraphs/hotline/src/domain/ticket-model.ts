import { isUuid } from '@civicgraph/platform';
import {
  AppealStatus,
  nextStatus,
  TERMINAL_STATUSES,
  type AppealAction,
  type AppealEventPayload,
  type Satisfaction,
} from '@civicgraph/platform';
import type { ReturnVisitRow, TicketRow, TransitionRow } from '../db/tables.ts';

/*
 * The pure part of a ticket's lifecycle: how each action changes the row, what the timeline row and
 * the AppealTransitioned payload look like. The live mutations, first-contact resolution and the
 * bulk demo seeder all go through these, so a seeded ticket is indistinguishable from a real one.
 */

/** Names in the timeline and in events (the SDL's TicketAction) for each lifecycle action. */
export const TICKET_ACTIONS = {
  accept: 'ACCEPT',
  reject: 'REJECT',
  assign: 'ASSIGN',
  acknowledge: 'ACKNOWLEDGE',
  return: 'RETURN',
  reassign: 'REASSIGN',
  submitReply: 'SUBMIT_REPLY',
  approveReply: 'APPROVE_REPLY',
  sendBackReply: 'SEND_BACK_REPLY',
  followUp: 'RETURN_VISIT',
  close: 'CLOSE',
  reopen: 'REOPEN',
  merge: 'MERGE',
} as const satisfies Record<AppealAction, string>;
export type TicketAction = (typeof TICKET_ACTIONS)[AppealAction] | 'OPEN';

export const LIMITS = { title: 200, content: 5000, note: 2000, summary: 2000, callerName: 50, agent: 100 } as const;

// Kept as this module's export so existing imports stay; the check itself lives in platform.
export { isUuid };

/** What events say about the category: its path for people and its id for machines. */
export interface CategoryLabel {
  id: string;
  /** Domain/category, e.g. 农业农村/农田水利. */
  path: string;
}

/** The hotline's events follow the cross-channel contract; `extra` carries the hotline's own non-personal fields. */
export type TicketEventPayload = AppealEventPayload & {
  channel: 'HOTLINE';
  action: TicketAction;
  extra: { hotlineId: string; categoryId: string; urgency: string; deadlineClass: string; firstContactResolution: boolean };
};

/** One step as it is recorded: the action, who took it (and for which agency), when, and why. */
export interface Step {
  action: TicketAction;
  from: AppealStatus | null;
  actor: string;
  agencyId: string | null;
  note: string | null;
  at: Date;
}

export type TicketChanges = Partial<Omit<TicketRow, 'id' | 'number' | 'status' | 'version'>>;

/** Column changes of the actions that change more than the status. */
export const changes = {
  assign: (agencyId: string, dueAt: Date): TicketChanges => ({ assigneeId: agencyId, dueAt }),
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

/**
 * The row after `action`: the lifecycle rule is checked here (ILLEGAL_TRANSITION), the version
 * counts the step, and entering a terminal state stamps endedAt.
 */
export function advance(row: TicketRow, action: AppealAction, change: TicketChanges, at: Date): TicketRow {
  const status = nextStatus(action, row.status as AppealStatus);
  return {
    ...row,
    ...change,
    status,
    version: row.version + 1,
    updatedAt: at,
    endedAt: TERMINAL_STATUSES.includes(status) ? at : row.endedAt,
  };
}

export type NewTransition = Omit<TransitionRow, 'id'>;
export type NewReturnVisit = Omit<ReturnVisitRow, 'id'>;

/** The timeline row of a step already applied to `row`. */
export function transitionOf(row: TicketRow, step: Step): NewTransition {
  return {
    ticketId: row.id,
    sequence: row.version,
    action: step.action,
    fromStatus: step.from,
    toStatus: row.status,
    actor: step.actor,
    agencyId: step.agencyId,
    note: step.note,
    at: step.at,
    dueAt: row.dueAt,
  };
}

/** The AppealTransitioned payload of a step already applied to `row`. No caller's phone or name: ever. */
export function payloadOf(row: TicketRow, category: CategoryLabel, step: Step): TicketEventPayload {
  return {
    channel: 'HOTLINE',
    number: row.number,
    title: row.title,
    category: category.path,
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
    extra: {
      hotlineId: row.hotlineId,
      categoryId: category.id,
      urgency: row.urgency,
      deadlineClass: row.deadlineClass,
      firstContactResolution: row.firstContactResolution,
    },
  };
}

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
  ) {
    this.row = opened;
    this.record({ action: 'OPEN', from: null, actor, agencyId: null, note: null, at: opened.submittedAt });
  }

  apply(action: AppealAction, step: { actor: string; at: Date; note?: string | null; agencyId?: string | null }, change: TicketChanges = {}) {
    const from = this.row.status as AppealStatus;
    this.row = advance(this.row, action, change, step.at);
    this.record({
      action: TICKET_ACTIONS[action],
      from,
      actor: step.actor,
      agencyId: step.agencyId !== undefined ? step.agencyId : this.row.assigneeId,
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
    this.transitions.push(transitionOf(this.row, step));
    this.events.push({ aggregateId: this.row.id, occurredAt: step.at, payload: payloadOf(this.row, this.category, step) });
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
    endedAt: null,
  };
}
