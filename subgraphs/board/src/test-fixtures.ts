import { sql } from 'drizzle-orm';
import { rowsOf } from '@civicgraph/platform';
import type { TestSubgraph } from '@civicgraph/platform/testing';
import * as domain from './domain/messages.ts';
import type { PosterContactInput } from './domain/poster.ts';

/*
 * Test fixtures: messages put into a given state through the domain functions, as demo seeding
 * does (no identity, no access checks), so access tests start from known rows.
 */

const DAY = 86_400_000;

export interface MessageSpec {
  boardId?: string;
  regionCode?: string;
  /** The agency the message is forwarded to on its way past ASSIGNED. */
  assigneeId?: string;
  authorSubject?: string | null;
  contact?: PosterContactInput;
  satisfaction?: 'SATISFIED' | 'DISSATISFIED';
}

/** The path from SUBMITTED to each state. */
const PATH = ['ACCEPTED', 'ASSIGNED', 'IN_PROGRESS', 'REPLY_SUBMITTED', 'REPLIED', 'FOLLOWED_UP', 'CLOSED'] as const;
export type FixtureStatus = 'SUBMITTED' | 'RETURNED' | (typeof PATH)[number];

export async function messageIn(sg: TestSubgraph, status: FixtureStatus, spec: MessageSpec = {}) {
  const who: domain.Actor = { db: sg.services.database.db, clock: sg.services.clock, actor: 'seed' };
  const input = { boardId: spec.boardId ?? 'th-mayor', title: '小区道路破损', content: '雨天积水', regionCode: spec.regionCode ?? '220502', contact: spec.contact };
  const posted = await domain.postMessage(who, input, { authorSubject: spec.authorSubject ?? null });
  const id = posted.id;
  const steps = status === 'RETURNED' ? ['ACCEPTED', 'ASSIGNED', 'RETURNED'] : PATH.slice(0, PATH.indexOf(status as (typeof PATH)[number]) + 1);
  let row = posted;
  for (const step of steps) {
    if (step === 'ACCEPTED') row = await domain.acceptMessage(who, id);
    if (step === 'ASSIGNED') {
      const dueAt = new Date(sg.services.clock.now().getTime() + 15 * DAY);
      row = await domain.forwardMessage(who, id, spec.assigneeId ?? 'th-dongchang-housing', dueAt);
    }
    if (step === 'RETURNED') row = await domain.returnMessage(who, id, '不属于本单位职责');
    if (step === 'IN_PROGRESS') row = await domain.acknowledgeMessage(who, id);
    if (step === 'REPLY_SUBMITTED') row = await domain.submitReply(who, id, '已安排处理');
    if (step === 'REPLIED') row = await domain.approveReply(who, id);
    if (step === 'FOLLOWED_UP') row = await domain.recordReturnVisit(who, id, spec.satisfaction ?? 'SATISFIED');
    if (step === 'CLOSED') row = await domain.closeMessage(who, id);
  }
  return row;
}

/** Rows this subgraph's writes leave (and reveal audits): anything a refused request wrote shows here. */
export async function writtenRows(sg: TestSubgraph) {
  const [row] = rowsOf<{ messages: number; transitions: number; events: number; reveals: number }>(
    await sg.services.database.db.execute(sql`select
      (select count(*)::int from board.messages) as messages,
      (select count(*)::int from board.message_transitions) as transitions,
      (select count(*)::int from events.event_log) as events,
      (select count(*)::int from access.personal_data_reveals) as reveals`),
  );
  return row!;
}

export const codeOf = (response: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  response.errors?.[0]?.extensions?.code;
