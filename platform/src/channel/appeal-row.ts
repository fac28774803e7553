import type { Satisfaction } from '../lifecycle.ts';
import { AppealStatus, nextStatus, TERMINAL_STATUSES, type AppealAction } from '../lifecycle.ts';

/** The columns every channel's appeal row has, under these names (the tables map them). */
export interface AppealRow {
  id: string;
  number: string;
  title: string;
  regionCode: string;
  status: string;
  /** Number of transitions so far; the next timeline row gets version + 1. */
  version: number;
  submittedAt: Date;
  updatedAt: Date;
  assigneeId: string | null;
  dueAt: Date | null;
  satisfaction: string | null;
  mergedIntoId: string | null;
  /** The office that dispatched the appeal: it reviews the reply, makes the return visit and closes. */
  dispatcherId: string | null;
}

/** One step as it is recorded: the action in the channel's words, who took it (for which agency), when, why. */
export interface AppealStep<Action extends string = string> {
  action: Action;
  from: AppealStatus | null;
  actor: string;
  agencyId: string | null;
  note: string | null;
  at: Date;
}

/** The one timeline row shape of every channel; each table maps its appeal column (message_id, ticket_id, clue_id). */
export interface TimelineEntry {
  sequence: number;
  action: string;
  fromStatus: AppealStatus | null;
  toStatus: string;
  actor: string;
  agencyId: string | null;
  note: string | null;
  at: Date;
  /** The deadline in force after the step (kept by channels whose timeline has the column). */
  dueAt: Date | null;
}

export function timelineEntryOf(row: AppealRow, step: AppealStep): TimelineEntry {
  return {
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

/**
 * The row after `action`: the lifecycle rule is checked here (ILLEGAL_TRANSITION), the version
 * counts the step, and `onStatus` adds what entering the new status stamps (e.g. endedAt).
 */
export function advanceRow<Row extends AppealRow>(
  row: Row,
  action: AppealAction,
  change: Partial<Row>,
  at: Date,
  onStatus?: (status: AppealStatus, at: Date, row: Row) => Partial<Row>,
): Row {
  const status = nextStatus(action, row.status as AppealStatus);
  const next = { ...row, ...change, status, version: row.version + 1, updatedAt: at };
  return { ...next, ...onStatus?.(status, at, row) };
}

export const isTerminal = (status: string) => TERMINAL_STATUSES.includes(status as AppealStatus);

export const satisfactionOf = (row: AppealRow) => row.satisfaction as Satisfaction | null;

/** The shared words for the lifecycle's actions; a channel renames the few it calls otherwise. */
export const SHARED_ACTION_NAMES = {
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

/** A channel's action names (the SDL's MessageAction, TicketAction, ClueAction): the shared ones with its own in place. */
export const actionNames = <Own extends Partial<Record<AppealAction, string>>>(own: Own) =>
  ({ ...SHARED_ACTION_NAMES, ...own }) as Omit<typeof SHARED_ACTION_NAMES, keyof Own> & Own;
