import { DomainError, ErrorCode } from './errors.ts';

/** The shared appeal lifecycle (DESIGN.md §2): one enum, the same meaning in every channel. */
export const AppealStatus = {
  SUBMITTED: 'SUBMITTED',
  ACCEPTED: 'ACCEPTED',
  REJECTED: 'REJECTED',
  ASSIGNED: 'ASSIGNED',
  RETURNED: 'RETURNED',
  IN_PROGRESS: 'IN_PROGRESS',
  REPLY_SUBMITTED: 'REPLY_SUBMITTED',
  REPLIED: 'REPLIED',
  FOLLOWED_UP: 'FOLLOWED_UP',
  CLOSED: 'CLOSED',
  MERGED: 'MERGED',
} as const;
export type AppealStatus = (typeof AppealStatus)[keyof typeof AppealStatus];

export const Satisfaction = {
  VERY_SATISFIED: 'VERY_SATISFIED',
  SATISFIED: 'SATISFIED',
  BASICALLY_SATISFIED: 'BASICALLY_SATISFIED',
  DISSATISFIED: 'DISSATISFIED',
  VERY_DISSATISFIED: 'VERY_DISSATISFIED',
} as const;
export type Satisfaction = (typeof Satisfaction)[keyof typeof Satisfaction];

export const isDissatisfied = (s: Satisfaction | null | undefined) =>
  s === Satisfaction.DISSATISFIED || s === Satisfaction.VERY_DISSATISFIED;

const S = AppealStatus;
/** States that are finished: nothing moves out of them. */
export const TERMINAL_STATUSES: readonly AppealStatus[] = [S.REJECTED, S.CLOSED, S.MERGED];
export const OPEN_STATUSES: readonly AppealStatus[] = Object.values(S).filter((s) => !TERMINAL_STATUSES.includes(s));

/** Every action a channel can take on an appeal, the states it may start from, and where it leads. */
export const TRANSITIONS = {
  accept: { from: [S.SUBMITTED], to: S.ACCEPTED },
  reject: { from: [S.SUBMITTED], to: S.REJECTED },
  assign: { from: [S.ACCEPTED], to: S.ASSIGNED },
  acknowledge: { from: [S.ASSIGNED], to: S.IN_PROGRESS },
  return: { from: [S.ASSIGNED], to: S.RETURNED },
  reassign: { from: [S.RETURNED], to: S.ACCEPTED },
  submitReply: { from: [S.IN_PROGRESS], to: S.REPLY_SUBMITTED },
  approveReply: { from: [S.REPLY_SUBMITTED], to: S.REPLIED },
  sendBackReply: { from: [S.REPLY_SUBMITTED], to: S.IN_PROGRESS },
  followUp: { from: [S.REPLIED], to: S.FOLLOWED_UP },
  close: { from: [S.FOLLOWED_UP], to: S.CLOSED },
  reopen: { from: [S.FOLLOWED_UP], to: S.IN_PROGRESS },
  merge: { from: OPEN_STATUSES, to: S.MERGED },
} as const satisfies Record<string, { from: readonly AppealStatus[]; to: AppealStatus }>;
export type AppealAction = keyof typeof TRANSITIONS;

/** The status `action` leads to from `current`, or an ILLEGAL_TRANSITION error that names both. */
export function nextStatus(action: AppealAction, current: AppealStatus): AppealStatus {
  const rule = TRANSITIONS[action];
  if (!(rule.from as readonly AppealStatus[]).includes(current)) {
    throw new DomainError(
      ErrorCode.ILLEGAL_TRANSITION,
      `Cannot ${action} an appeal that is ${current}; allowed from ${rule.from.join(', ')}`,
      { action, status: current },
    );
  }
  return rule.to;
}
