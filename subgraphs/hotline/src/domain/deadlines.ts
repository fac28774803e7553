/** Deadline classes of the category tree; each has one rule in deadline_rules (the name tells its default). */
export const DEADLINE_CLASSES = ['URGENT_24H', 'GENERAL_7D', 'COMPLEX_15D'] as const;
export type DeadlineClass = (typeof DEADLINE_CLASSES)[number];
export const isDeadlineClass = (value: string): value is DeadlineClass => (DEADLINE_CLASSES as readonly string[]).includes(value);

/** Urgent matters run round the clock in calendar hours; everything else counts working days. */
export const DEADLINE_UNITS = ['HOURS', 'WORKING_DAYS'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

export const URGENCIES = ['NORMAL', 'URGENT'] as const;
export type Urgency = (typeof URGENCIES)[number];

export interface DeadlineRule {
  deadlineClass: string;
  unit: string;
  amount: number;
}

/** The default rules; stored in deadline_rules and editable (setDeadlineRule). */
export const DEFAULT_DEADLINE_RULES = [
  { deadlineClass: 'URGENT_24H', unit: 'HOURS', amount: 24, description: '水电气暖等紧急诉求：24小时内办结 (water, power, gas, heating and other urgent matters)' },
  { deadlineClass: 'GENERAL_7D', unit: 'WORKING_DAYS', amount: 7, description: '一般诉求：7个工作日 (general matters)' },
  { deadlineClass: 'COMPLEX_15D', unit: 'WORKING_DAYS', amount: 15, description: '复杂诉求：15个工作日 (complex matters needing investigation or several bodies)' },
] as const satisfies readonly (DeadlineRule & { deadlineClass: DeadlineClass; unit: DeadlineUnit; description: string })[];

/** An urgent call overrides the category's class: whatever it is about, it gets the urgent deadline. */
export const deadlineClassFor = (categoryClass: DeadlineClass, urgency: Urgency): DeadlineClass =>
  urgency === 'URGENT' ? 'URGENT_24H' : categoryClass;

// The kit's: every channel counts deadlines the same way, on the official calendar.
export { dueAtFor } from '@civicgraph/platform';
