import { actionNames, channelSdl, type AppealAction, type AppealEventPayload, type ChannelDeadlineRule, type ChannelSpec, registerChannel } from '@civicgraph/platform';
import { factsOf } from '../access.ts';
import { eq } from 'drizzle-orm';
import { boards, messages, messageTransitions, numberCounters, type MessageRow } from '../db/tables.ts';

/** Names in the timeline and in events (the SDL's MessageAction) for each lifecycle action. */
export const MESSAGE_ACTIONS = actionNames({ assign: 'FORWARD' } as const);
export type MessageAction = (typeof MESSAGE_ACTIONS)[AppealAction] | 'POST';

export const LIMITS = { title: 200, content: 5000, note: 2000, category: 100 } as const;

type BoardExtra = { boardId: string };
/** The board's events follow the cross-channel contract, with the board in `extra`. */
export type MessageEventPayload = AppealEventPayload & { action: MessageAction; extra: BoardExtra };

/** The BOARD channel for the kit: the poster's contact columns never reach an event. */
export const BOARD_CHANNEL: ChannelSpec<MessageRow, BoardExtra> = registerChannel({
  channel: 'BOARD',
  table: messages,
  timeline: { table: messageTransitions, appealKey: 'messageId' },
  numbers: { table: numberCounters },
  actions: MESSAGE_ACTIONS,
  sdl: channelSdl('BOARD', {
    intake: 'Review',
    reply: 'reply',
    transition: 'Transition',
    mutations: { assign: 'forwardMessage', submitReply: 'submitReply', approveReply: 'approveReply', sendBackReply: 'sendBackReply', followUp: 'recordReturnVisit' },
  }),
  openAction: 'POST',
  noteLimit: LIMITS.note,
  facts: factsOf,
  // A message an admin forwards is kept by the office running its board, as if that office had forwarded it.
  keepingOffice: async (tx, row) => (await tx.select({ officeId: boards.officeId }).from(boards).where(eq(boards.id, row.boardId)))[0]?.officeId ?? null,
  eventDetails: (row) => ({ category: row.category, extra: { boardId: row.boardId }, names: [row.posterName] }),
});

/**
 * How long the agency a message is forwarded to has, when the forward names no deadline: the
 * default, overridable by category. Messages carry no urgency. Defaults of this hub, to be set by
 * each board's office; a forward that names dueAt always wins.
 */
export const BOARD_DEADLINE_RULES: readonly ChannelDeadlineRule[] = [
  { category: null, urgency: null, unit: 'WORKING_DAYS', amount: 15, description: '一般留言：15个工作日内办理答复 (general messages)' },
  { category: '供暖', urgency: null, unit: 'WORKING_DAYS', amount: 5, description: '供暖诉求：5个工作日 (heating in season)' },
];
