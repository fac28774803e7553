import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppealStatus } from '@civicgraph/platform';
import type { TestSubgraph } from '@civicgraph/platform/testing';
import { waitForLedger } from './ledger/worker.ts';
import { appendBoardEvent, gql, startSupervision } from './test-support.ts';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startSupervision(new Date('2022-11-20T09:00:00+08:00'));
});
afterAll(() => sg?.stop());

const cst = (local: string) => new Date(`${local}+08:00`);
const HOUR = 3_600_000;

/** A clue taken through the lifecycle at the given instants, acting as the staff who would. */
async function clue(steps: { transferAt: string; dueAt: string; agencyId?: string; approvedAt?: string; visit?: string; close?: boolean }) {
  const clock = sg.services.clock;
  clock.set(cst(steps.transferAt));
  const { submitClue } = await gql(sg, 'mutation { submitClue(input: { title: "供热", content: "室温不达标", regionCode: "220104" }) { id } }');
  const id = submitClue.id;
  const run = (mutation: string, variables: Record<string, unknown> = {}) => gql(sg, mutation, { id, ...variables });
  await run('mutation($id: ID!) { acceptClue(id: $id) { id } }');
  await run('mutation($id: ID!, $g: ID!, $d: DateTime!) { transferClue(id: $id, agencyId: $g, dueAt: $d) { id } }', {
    g: steps.agencyId ?? 'cc-chaoyang-housing', d: cst(steps.dueAt).toISOString(),
  });
  await run('mutation($id: ID!) { acknowledgeClue(id: $id) { id } }');
  if (!steps.approvedAt) return id;
  clock.set(new Date(cst(steps.approvedAt).getTime() - HOUR));
  await run('mutation($id: ID!) { submitResultsReport(id: $id, content: "已整改") { id } }');
  clock.set(cst(steps.approvedAt));
  await run('mutation($id: ID!) { approveResultsReport(id: $id) { id } }');
  if (!steps.visit) return id;
  clock.advance(HOUR);
  await run('mutation($id: ID!, $s: Satisfaction!) { recordClueReturnVisit(id: $id, satisfaction: $s) { id } }', { s: steps.visit });
  if (steps.close) await run('mutation($id: ID!) { closeClue(id: $id) { id } }');
  return id;
}

/** A board message forwarded at `assignedAt`, then moved through `then` (each an hour apart unless timed). */
async function message(n: number, assignedAt: string, assigneeId: string, dueAt: string, then: { to: AppealStatus; at: string; assigneeId?: string | null }[] = []) {
  const id = `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
  const common = { submittedAt: cst(assignedAt).toISOString(), dueAt: cst(dueAt).toISOString(), regionCode: '220104' };
  await appendBoardEvent(sg.services.database.db, id, cst(assignedAt), { ...common, to: 'ASSIGNED', assigneeId, sequence: 1 });
  for (const [i, step] of then.entries()) {
    await appendBoardEvent(sg.services.database.db, id, cst(step.at), { ...common, to: step.to, assigneeId: step.assigneeId === undefined ? assigneeId : step.assigneeId, sequence: i + 2 });
  }
}

const KPIS = `assigned replied closed rated repliedOnTime satisfied completionRate feedbackRate onTimeRate satisfactionRate averageHandlingHours`;
const entities = (ids: string[]) => sg.query(`query($r: [_Any!]!, $from: DateTime!, $to: DateTime!) {
  _entities(representations: $r) { ... on Agency { id kpis(from: $from, to: $to) { ${KPIS} } } } }`, {
  r: ids.map((id) => ({ __typename: 'Agency', id })), from: '2022-12-01T00:00:00+08:00', to: '2023-01-01T00:00:00+08:00',
});

describe('agency KPIs', () => {
  it('computes exact figures over the cases first assigned in the period, from every channel, in one statement for many agencies', async () => {
    // Chaoyang housing bureau, December 2022: four cases.
    await clue({ transferAt: '2022-12-01T09:00:00', dueAt: '2022-12-05T17:00:00', approvedAt: '2022-12-02T15:00:00', visit: 'SATISFIED', close: true }); // 30 h, on time
    await clue({ transferAt: '2022-12-05T09:00:00', dueAt: '2022-12-06T09:00:00', approvedAt: '2022-12-07T09:00:00', visit: 'DISSATISFIED', close: true }); // 48 h, late
    await message(1, '2022-12-10T09:00:00', 'cc-chaoyang-housing', '2022-12-20T17:00:00', [
      { to: 'IN_PROGRESS', at: '2022-12-10T10:00:00' }, { to: 'REPLY_SUBMITTED', at: '2022-12-11T08:00:00' }, { to: 'REPLIED', at: '2022-12-11T09:00:00' },
    ]); // 24 h, on time, not yet visited
    await message(2, '2022-12-12T09:00:00', 'cc-chaoyang-housing', '2022-12-30T17:00:00', [{ to: 'IN_PROGRESS', at: '2022-12-12T10:00:00' }]);
    // Not counted for Chaoyang: assigned before December; the parent bureau's own case; one returned and sent to Nanguan instead.
    await clue({ transferAt: '2022-11-28T09:00:00', dueAt: '2022-11-30T09:00:00', approvedAt: '2022-11-29T09:00:00', visit: 'VERY_SATISFIED', close: true });
    await message(3, '2022-12-15T09:00:00', 'cc-housing', '2022-12-25T17:00:00');
    await message(4, '2022-12-16T09:00:00', 'cc-chaoyang-housing', '2022-12-26T17:00:00', [
      { to: 'RETURNED', at: '2022-12-16T11:00:00' }, { to: 'ACCEPTED', at: '2022-12-16T12:00:00', assigneeId: null },
      { to: 'ASSIGNED', at: '2022-12-16T13:00:00', assigneeId: 'cc-nanguan-housing' },
    ]);
    await waitForLedger(sg.services.database);

    const before = sg.services.database.statementCount();
    const response = await entities(['cc-chaoyang-housing', 'cc-housing', 'cc-nanguan-housing', 'jl-drc']);
    expect(sg.services.database.statementCount() - before).toBe(1);
    const [chaoyang, city, nanguan, drc] = response.data!._entities;
    expect(chaoyang).toEqual({
      id: 'cc-chaoyang-housing',
      kpis: {
        assigned: 4, replied: 3, closed: 2, rated: 2, repliedOnTime: 2, satisfied: 1,
        completionRate: 0.5, feedbackRate: 2 / 3, onTimeRate: 2 / 3, satisfactionRate: 0.5, averageHandlingHours: 34,
      },
    });
    expect(city.kpis).toMatchObject({ assigned: 1, replied: 0, completionRate: 0, feedbackRate: null, onTimeRate: null, averageHandlingHours: null });
    // First assignment was to Chaoyang on the 16th; the case now belongs to Nanguan, which is credited.
    expect(nanguan.kpis).toMatchObject({ assigned: 1, replied: 0 });
    expect(drc.kpis).toEqual({
      assigned: 0, replied: 0, closed: 0, rated: 0, repliedOnTime: 0, satisfied: 0,
      completionRate: null, feedbackRate: null, onTimeRate: null, satisfactionRate: null, averageHandlingHours: null,
    });
    const november = await sg.query(`{ _entities(representations: [{ __typename: "Agency", id: "cc-chaoyang-housing" }]) {
      ... on Agency { kpis(from: "2022-11-01T00:00:00+08:00", to: "2022-12-01T00:00:00+08:00") { assigned satisfactionRate averageHandlingHours } } } }`);
    expect(november.data!._entities[0].kpis).toEqual({ assigned: 1, satisfactionRate: 1, averageHandlingHours: 24 });
  });

  it('refuses a period that ends before it starts', async () => {
    const response = await sg.query(`{ _entities(representations: [{ __typename: "Agency", id: "jl-drc" }]) {
      ... on Agency { kpis(from: "2023-01-01T00:00:00Z", to: "2022-01-01T00:00:00Z") { assigned } } } }`);
    expect(response.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });
});
