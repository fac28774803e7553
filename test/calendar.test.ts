import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '@civicgraph/platform';
import { startTestHub, type TestHub } from './support/hub.ts';

/** The holiday calendar is data: where it ends, the graph still answers and says so. */
describe('calendar coverage, through the gateway', () => {
  // December 2026: deadlines set now run into 2027, for which no notice is in the data yet.
  const clock = fixedClock(new Date('2026-12-01T09:00:00+08:00'));
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ only: ['agencies', 'board', 'hotline'], clock });
  });
  afterAll(() => hub?.stop());

  it('reports ready with a warning while the calendar has no data for the year deadlines run into', async () => {
    const board = hub.subgraphs.find((s) => s.name === 'board')!;
    const response = await fetch(board.url.replace('/graphql', '/ready'));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; warnings: string[] };
    expect(body.status).toBe('ready');
    expect(body.warnings).toEqual([expect.stringContaining('no official holiday data for 2027')]);
  });

  it('answers calendarCoverage for the public: 2026 is covered, 2027 is not yet', async () => {
    const coverage = async (from: string, to: string) =>
      (await hub.ok(`query($from: DateTime!, $to: DateTime!) { calendarCoverage(from: $from, to: $to) { years missingYears complete } }`, { from, to }, {}))
        .calendarCoverage;
    expect(await coverage('2026-03-01T00:00:00+08:00', '2026-10-08T00:00:00+08:00')).toEqual({ years: [2026], missingYears: [], complete: true });
    expect(await coverage('2026-12-20T00:00:00+08:00', '2027-01-10T00:00:00+08:00')).toEqual({
      years: [2026, 2027],
      missingYears: [2027],
      complete: false,
    });
  });
});
