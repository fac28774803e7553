import { demoStaff, fixedClock, staffRoleFor, type AppealAction, type Executor, type Satisfaction } from '@civicgraph/platform';
import { recordCall } from '../domain/calls.ts';
import { scheduleShift } from '../domain/staffing.ts';
import * as tickets from '../domain/tickets.ts';
import type { TicketRow } from './tables.ts';

/**
 * The article's hotline story, step by step as it tells it: summer 2022, Mr. Sun of Dongkalou
 * village in Lishu county calls 96118 because a high-standard farmland drainage ditch built too
 * high has flooded more than a hundred hectares (上百坰) of the village's fields; the Liujiaguanzi
 * town government adds people to drain the water and, with the villagers' consent, has the ditch
 * rebuilt; the hotline visits him again and closes the ticket.
 */
export const LISHU = {
  seatId: 'jl-governor-hotline-07',
  shift: { agentHandle: 'agent:96118-07', agentName: '李敏', startsAt: '2022-07-18T08:00:00+08:00', endsAt: '2022-07-18T16:00:00+08:00' },
  call: {
    hotlineId: 'jl-governor-hotline',
    startedAt: '2022-07-18T08:32:00+08:00',
    durationSeconds: 420,
    recordedAt: '2022-07-18T08:39:30+08:00',
    /** A made-up number: the demo's citizens are invented. */
    callerPhone: '13943412345',
    callerName: '孙先生',
    summary: '来电反映东卡篓村农田被淹，请求尽快排水并整改排水沟',
  },
  ticket: {
    title: '梨树县东卡篓村高标准农田排水沟偏高，上百坰耕地被淹',
    content:
      '梨树县刘家馆子镇东卡篓村孙先生来电反映：村内高标准农田建设的排水沟沟床偏高，雨后田间积水排不出去，' +
      '造成全村上百坰耕地被淹。正值秧苗生长期，一年的收成都在地里，请求尽快帮助排水并整改排水沟。',
    categoryId: 'agriculture.farmland-water',
    regionCode: '220322',
  },
  steps: [
    { at: '2022-07-18T09:10:00+08:00', actor: 'staff:jl-governor-hotline', do: 'accept', note: '农田被淹，情况紧急，优先办理' },
    { at: '2022-07-18T09:30:00+08:00', actor: 'staff:jl-governor-hotline', do: 'assign', note: '请刘家馆子镇政府立即核实，先行组织排水，并对排水沟进行整改' },
    { at: '2022-07-18T11:00:00+08:00', actor: 'staff:ls-liujiaguanzi', do: 'acknowledge', note: '已加派人手赴东卡篓村帮助村民排水' },
    {
      at: '2022-07-29T16:00:00+08:00',
      actor: 'staff:ls-liujiaguanzi',
      do: 'submitReply',
      content:
        '经核实，东卡篓村高标准农田建设中排水沟沟床偏高，致使田间积水无法排出。镇政府积极沟通协调，第一时间加派人手帮助村民排水，' +
        '并经东卡篓村村民同意后，联系施工队重新修建排水沟。现排水沟已重建完工，田间积水已排净。',
    },
    { at: '2022-07-30T09:00:00+08:00', actor: 'staff:jl-governor-hotline', do: 'approveReply', note: null },
    {
      at: '2022-08-01T10:00:00+08:00',
      actor: 'staff:jl-governor-hotline',
      do: 'returnVisit',
      satisfaction: 'VERY_SATISFIED' as Satisfaction,
      comment: '地里的水排出去了，排水沟也重新修好了，感谢省长公开电话！',
    },
    { at: '2022-08-01T10:10:00+08:00', actor: 'staff:jl-governor-hotline', do: 'close', note: null },
  ],
} as const;

const STEP_ACTIONS = {
  accept: 'accept', assign: 'assign', acknowledge: 'acknowledge', submitReply: 'submitReply',
  approveReply: 'approveReply', returnVisit: 'followUp', close: 'close',
} as const satisfies Record<(typeof LISHU.steps)[number]['do'], AppealAction>;

/** Plays the story through the same domain functions as the API, so its timeline and events are real. */
export async function playLishuStory(db: Executor): Promise<TicketRow> {
  const clock = fixedClock(new Date(LISHU.call.recordedAt));
  const staff = demoStaff(db);
  // Each step as the API would take it: the actor's agency in the role the step needs.
  const as = (actor: string, at: string, action?: AppealAction): tickets.Actor => {
    clock.set(new Date(at));
    return { db, clock, actor, access: action && staff(actor, staffRoleFor(action)) };
  };
  const s = LISHU.shift;
  await scheduleShift(db, { seatId: LISHU.seatId, agentHandle: s.agentHandle, agentName: s.agentName, startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) });
  const call = await recordCall(as(s.agentHandle, LISHU.call.recordedAt), {
    ...LISHU.call,
    seatId: LISHU.seatId,
    startedAt: new Date(LISHU.call.startedAt),
    outcome: 'TICKET_OPENED',
    ticket: LISHU.ticket,
  });
  const id = call.ticketId!;
  let ticket: TicketRow | undefined;
  for (const step of LISHU.steps) {
    const who = as(step.actor, step.at, STEP_ACTIONS[step.do]);
    if (step.do === 'accept') ticket = await tickets.acceptTicket(who, id, step.note);
    else if (step.do === 'assign') ticket = await tickets.assignTicket(who, id, { note: step.note });
    else if (step.do === 'acknowledge') ticket = await tickets.acknowledgeTicket(who, id, step.note);
    else if (step.do === 'submitReply') ticket = await tickets.submitReply(who, id, step.content);
    else if (step.do === 'approveReply') ticket = await tickets.approveReply(who, id, step.note);
    else if (step.do === 'returnVisit') ticket = await tickets.recordReturnVisit(who, id, step.satisfaction, step.comment);
    else ticket = await tickets.closeTicket(who, id, step.note);
  }
  return ticket!;
}
