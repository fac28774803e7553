import { actionNames, channelSdl, type AppealAction, type AppealEventPayload, type ChannelDeadlineRule, type ChannelSpec, registerChannel } from '@civicgraph/platform';
import { clueFacts } from '../access.ts';
import { clues, clueTransitions, numberCounters, type ClueRow } from '../db/tables.ts';

/** Names in the timeline and in events (the SDL's ClueAction) for each lifecycle action. */
export const CLUE_ACTIONS = actionNames({
  assign: 'TRANSFER',
  submitReply: 'SUBMIT_RESULTS',
  approveReply: 'APPROVE_RESULTS',
  sendBackReply: 'SEND_BACK_RESULTS',
} as const);
export type ClueAction = (typeof CLUE_ACTIONS)[AppealAction] | 'SUBMIT';

export const SENSITIVITIES = ['GENERAL', 'IMPORTANT', 'SENSITIVE'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

type ClueExtra = { sensitivity: Sensitivity };
/** The supervision platform's events follow the cross-channel contract, with the sensitivity in `extra`. */
export type ClueEventPayload = AppealEventPayload & { action: ClueAction; extra: ClueExtra };

export const LIMITS = { title: 200, content: 5000, note: 2000, category: 100, name: 100, phone: 30 } as const;

/** Clue and supervision-order numbers share one counter table, keyed by kind and year. */
export const CLUE_NUMBER_KIND = 'SUP';

export const clueExtra = (row: ClueRow): ClueExtra => ({ sensitivity: row.sensitivity as Sensitivity });

/** The SUPERVISION channel for the kit: the reporter's details never reach an event. */
export const SUPERVISION_CHANNEL: ChannelSpec<ClueRow, ClueExtra> = registerChannel({
  channel: 'SUPERVISION',
  table: clues,
  timeline: { table: clueTransitions, appealKey: 'clueId' },
  numbers: { table: numberCounters, kind: CLUE_NUMBER_KIND },
  actions: CLUE_ACTIONS,
  sdl: channelSdl('SUPERVISION', {
    intake: 'Verification',
    reply: 'results report',
    mutations: { assign: 'transferClue', submitReply: 'submitResultsReport', approveReply: 'approveResultsReport', sendBackReply: 'sendBackResultsReport' },
  }),
  openAction: 'SUBMIT',
  noteLimit: LIMITS.note,
  facts: clueFacts,
  eventDetails: (row) => ({ category: row.category, extra: clueExtra(row), names: [row.reporterName] }),
});

/**
 * How long the locality a clue is transferred to has for its results report, when the transfer
 * names no deadline, by the clue's sensitivity (the channel's urgency). Defaults of this hub for
 * the supervision office to set; a transfer that names dueAt always wins.
 */
export const SUPERVISION_DEADLINE_RULES: readonly ChannelDeadlineRule[] = [
  { category: null, urgency: null, unit: 'WORKING_DAYS', amount: 15, description: '一般线索：15个工作日内反馈办理结果 (general clues)' },
  { category: null, urgency: 'IMPORTANT', unit: 'WORKING_DAYS', amount: 10, description: '重要线索：10个工作日 (important clues)' },
  { category: null, urgency: 'SENSITIVE', unit: 'WORKING_DAYS', amount: 5, description: '敏感线索：5个工作日 (sensitive clues)' },
];
