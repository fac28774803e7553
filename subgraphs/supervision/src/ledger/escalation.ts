import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { addWorkingDays, chinaDate, rowsOf, type NewEvent, type Services } from '@civicgraph/platform';
import { caseEscalations } from '../db/tables.ts';
import { insertEscalationOrders, type EscalationOrder } from '../domain/orders.ts';
import { AWAITING_REPLY, workingDaysOverdue } from './overdue.ts';
import { readPolicy } from './policy.ts';
import { appendEvents } from '@civicgraph/platform';
import { escalationMetrics } from './metrics.ts';

export const CASE_ESCALATED = 'CaseEscalated';
export const ESCALATION_KINDS = { 1: 'REMINDER', 2: 'SUPERVISION_ORDER', 3: 'PUBLIC_NOTICE' } as const;
type Level = keyof typeof ESCALATION_KINDS;

interface Candidate {
  id: string;
  channel: string;
  number: string;
  title: string;
  assignee_id: string;
  region_code: string;
  due_at: string | Date;
  level: number;
}

interface Step {
  caseId: string;
  level: Level;
  workingDays: number;
  dueAt: Date;
  orderId: string | null;
  candidate: Candidate;
}

export interface EscalationRun {
  reminders: number;
  orders: number;
  notices: number;
}

/**
 * One pass of the overdue escalation: reminder once the deadline has passed (level 1), a
 * supervision order after the policy's N working days (level 2), a public notice after M (level 3).
 * Levels are cumulative and each is taken exactly once per case, even when several replicas run
 * this at the same moment: a step happens only for the process whose insert of (case, level) wins
 * the primary key, and its order and event are written in that same transaction.
 */
export async function runEscalation(services: Pick<Services, 'database' | 'metrics'>, now: Date): Promise<EscalationRun> {
  const metrics = services.metrics ? escalationMetrics(services.metrics) : undefined;
  const started = performance.now();
  try {
    const run = await escalate(services, now);
    metrics?.runs.inc({ outcome: 'completed' });
    for (const [kind, count] of [['REMINDER', run.reminders], ['SUPERVISION_ORDER', run.orders], ['PUBLIC_NOTICE', run.notices]] as const) metrics?.steps.inc({ kind }, count);
    return run;
  } catch (error) {
    metrics?.runs.inc({ outcome: 'failed' });
    throw error;
  } finally {
    metrics?.duration.observe((performance.now() - started) / 1000);
  }
}

async function escalate(services: Pick<Services, 'database'>, now: Date): Promise<EscalationRun> {
  const db = services.database.background;
  const policy = await readPolicy(db);
  const candidates = rowsOf<Candidate>(
    await db.execute(sql`
      select c.id, c.channel, c.number, c.title, c.assignee_id, c.region_code, c.due_at,
        coalesce((select max(e.level) from supervision.case_escalations e where e.case_id = c.id), 0)::int as level
      from supervision.cases c
      where c.closed_at is null and c.due_at < ${now.toISOString()}::timestamptz and c.assignee_id is not null
        and c.status in (${sql.join(AWAITING_REPLY.map((s) => sql`${s}`), sql`, `)})
      -- Every replica inserts its steps in this order, so concurrent passes cannot deadlock on the keys.
      order by c.id`),
  );
  const steps: Step[] = [];
  for (const candidate of candidates) {
    const dueAt = new Date(candidate.due_at);
    const days = workingDaysOverdue(dueAt, now, policy.noticeAfterWorkingDays);
    const target = days >= policy.noticeAfterWorkingDays ? 3 : days >= policy.orderAfterWorkingDays ? 2 : 1;
    for (let level = candidate.level + 1; level <= target; level++) {
      steps.push({ caseId: candidate.id, level: level as Level, workingDays: days, dueAt, orderId: level === 2 ? randomUUID() : null, candidate });
    }
  }
  const run: EscalationRun = { reminders: 0, orders: 0, notices: 0 };
  if (steps.length === 0) return run;

  await db.transaction(async (tx) => {
    const won = new Set<string>();
    for (let i = 0; i < steps.length; i += 500) {
      const inserted = await tx
        .insert(caseEscalations)
        .values(steps.slice(i, i + 500).map((s) => ({
          caseId: s.caseId, level: s.level, kind: ESCALATION_KINDS[s.level], at: now, dueAt: s.dueAt,
          workingDaysOverdue: s.workingDays, orderId: s.orderId,
        })))
        .onConflictDoNothing()
        .returning({ caseId: caseEscalations.caseId, level: caseEscalations.level });
      for (const row of inserted) won.add(`${row.caseId}:${row.level}`);
    }
    const taken = steps.filter((s) => won.has(`${s.caseId}:${s.level}`));
    const orderDue = addWorkingDays(now, policy.orderDueWorkingDays);
    const orders: EscalationOrder[] = taken.flatMap((s) =>
      s.orderId
        ? [{
            id: s.orderId, appealId: s.caseId, channel: s.candidate.channel, issuingAgencyId: policy.issuingAgencyId,
            targetAgencyId: s.candidate.assignee_id, dueAt: orderDue,
            requirements: `${s.candidate.number}「${s.candidate.title}」已超过办理期限${s.workingDays}个工作日，` +
              `请于${chinaDate(orderDue)}前报送办理结果。`,
          }]
        : [],
    );
    await insertEscalationOrders(tx, orders, now);
    await appendEvents(tx, taken.map((s) => escalatedEvent(s, now)));
    for (const s of taken) {
      if (s.level === 1) run.reminders++;
      else if (s.level === 2) run.orders++;
      else run.notices++;
    }
  });
  return run;
}

function escalatedEvent(step: Step, now: Date): NewEvent {
  return {
    source: 'supervision',
    aggregateType: 'Case',
    aggregateId: step.caseId,
    type: CASE_ESCALATED,
    occurredAt: now,
    payload: {
      caseId: step.caseId, channel: step.candidate.channel, number: step.candidate.number, level: step.level,
      kind: ESCALATION_KINDS[step.level], assigneeId: step.candidate.assignee_id, regionCode: step.candidate.region_code,
      dueAt: step.dueAt.toISOString(), workingDaysOverdue: step.workingDays, orderId: step.orderId,
    },
  };
}

/** Runs the escalation on a timer in every replica; a pass never overlaps the previous one in this process. */
export function startEscalationScheduler(services: Services, intervalMs: number): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = runEscalation(services, services.clock.now())
      .catch((error: unknown) => console.error('escalation: pass failed; will retry', error))
      .finally(() => (running = undefined));
  }, intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
