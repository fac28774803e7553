import type { Satisfaction } from '@civicgraph/platform';
import { dueAtFor, type DeadlineRule } from './deadlines.ts';
import { changes, type TicketHistory } from './ticket-model.ts';

export const FCR_NOTE = '首问解决：来电当场答复 (resolved on the call)';

/**
 * First-contact resolution (首问解决), as an honest path through the shared lifecycle rather than a
 * shortcut around it: the agent who took the call accepts the ticket, assigns it to the hotline's own
 * office (deadline by the rules), takes it on, gives the answer on the call as the reply, approves it,
 * takes the caller's rating at the end of the call as the return visit, and closes it. Each step is a
 * timeline row and an event, `stepMs` apart after the ticket was opened, so consumers see the same
 * transitions as for any other ticket, in order.
 */
export function resolveOnCall(
  history: TicketHistory,
  o: { actor: string; agencyId: string; answer: string; satisfaction: Satisfaction; rule: DeadlineRule; stepMs: number },
): TicketHistory {
  let at = history.row.submittedAt.getTime();
  const step = (note: string | null = FCR_NOTE) => ({ actor: o.actor, at: new Date((at += o.stepMs)), note });
  history.apply('accept', step());
  const assigned = step();
  history.apply('assign', assigned, changes.assign(o.agencyId, dueAtFor(o.rule, assigned.at)));
  history.apply('acknowledge', step());
  const replied = step(null);
  history.apply('submitReply', replied, changes.submitReply(history.row, o.answer, replied.at));
  const approved = step();
  history.apply('approveReply', approved, changes.approveReply(approved.at));
  history.apply('followUp', step('来电结束时评价 (rated at the end of the call)'), changes.followUp(o.satisfaction));
  history.apply('close', step());
  return history;
}

/** Steps after opening: accept, assign, acknowledge, reply, approve, return visit, close. */
export const FCR_STEPS_AFTER_OPEN = 7;
