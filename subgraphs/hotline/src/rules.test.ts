import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import { startTestSubgraph, type TestSubgraph } from '@civicgraph/platform/testing';
import { dueAtFor } from './domain/deadlines.ts';
import { pickRule } from './domain/routing.ts';
import { subgraph } from './server.ts';
import { hotlineClient, writtenRows } from './test-support.ts';

/** The day before the National Day holiday (2022-10-01..07; 10-08 and 10-09 are make-up working days). */
const EVE_OF_NATIONAL_DAY = new Date('2022-09-30T10:00:00+08:00');

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(subgraph, { prepare: [agencies], now: EVE_OF_NATIONAL_DAY });
});
afterAll(() => sg?.stop());

const { act, open } = hotlineClient(() => sg);
const gql = async (query: string, variables: Record<string, unknown> = {}) => {
  const response = await sg.query(query, variables);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!;
};
const route = async (categoryId: string, regionCode: string, urgency = 'NORMAL') =>
  (await gql(`query($c: ID!, $r: ID!, $u: TicketUrgency) { routeTicket(categoryId: $c, regionCode: $r, urgency: $u) {
    agency { id } deadlineClass dueAt rule { id region { code } category { id } } } }`, { c: categoryId, r: regionCode, u: urgency })).routeTicket;

describe('deadline rules', () => {
  it('counts urgent deadlines in calendar hours and the others in working days, across the National Day holiday', () => {
    expect(dueAtFor({ deadlineClass: 'URGENT_24H', unit: 'HOURS', amount: 24 }, EVE_OF_NATIONAL_DAY)).toEqual(new Date('2022-10-01T10:00:00+08:00'));
    expect(dueAtFor({ deadlineClass: 'GENERAL_7D', unit: 'WORKING_DAYS', amount: 7 }, EVE_OF_NATIONAL_DAY)).toEqual(new Date('2022-10-14T10:00:00+08:00'));
    expect(dueAtFor({ deadlineClass: 'COMPLEX_15D', unit: 'WORKING_DAYS', amount: 15 }, EVE_OF_NATIONAL_DAY)).toEqual(new Date('2022-10-26T10:00:00+08:00'));
  });

  it('gives an assigned ticket its default deadline: 24 h for a water outage, 7 working days for parking, 24 h when urgent', async () => {
    const assigned = async (categoryId: string, urgency = 'NORMAL') => {
      const t = await open({}, { categoryId, urgency, regionCode: '220104' });
      await act('acceptTicket(id: $id)', { id: t.id });
      return act('assignTicket(id: $id)', { id: t.id });
    };
    expect(await assigned('water.outage')).toMatchObject({ deadlineClass: 'URGENT_24H', dueAt: '2022-10-01T02:00:00.000Z' });
    expect(await assigned('transport.parking')).toMatchObject({ deadlineClass: 'GENERAL_7D', dueAt: '2022-10-14T02:00:00.000Z' });
    expect(await assigned('transport.parking', 'URGENT')).toMatchObject({ urgency: 'URGENT', deadlineClass: 'URGENT_24H', dueAt: '2022-10-01T02:00:00.000Z' });
    expect(await assigned('housing.relocation')).toMatchObject({ deadlineClass: 'COMPLEX_15D', dueAt: '2022-10-26T02:00:00.000Z' });
    expect(await route('transport.parking', '220104')).toMatchObject({ deadlineClass: 'GENERAL_7D', dueAt: '2022-10-14T02:00:00.000Z' });
  });

  it('is configurable: a rule changed by mutation applies to the next assignment, a category can change class', async () => {
    const rules = await gql('{ deadlineRules { deadlineClass unit amount } }');
    expect(rules.deadlineRules).toEqual([
      { deadlineClass: 'URGENT_24H', unit: 'HOURS', amount: 24 },
      { deadlineClass: 'GENERAL_7D', unit: 'WORKING_DAYS', amount: 7 },
      { deadlineClass: 'COMPLEX_15D', unit: 'WORKING_DAYS', amount: 15 },
    ]);
    await gql('mutation { setDeadlineRule(deadlineClass: GENERAL_7D, unit: WORKING_DAYS, amount: 10) { amount } }');
    expect((await route('transport.parking', '220104')).dueAt).toBe('2022-10-19T02:00:00.000Z');
    await gql('mutation { setDeadlineRule(deadlineClass: GENERAL_7D, unit: WORKING_DAYS, amount: 7) { amount } }');
    const moved = await gql('mutation { setCategoryDeadlineClass(categoryId: "transport.parking", deadlineClass: COMPLEX_15D) { id deadlineClass } }');
    expect(moved.setCategoryDeadlineClass).toEqual({ id: 'transport.parking', deadlineClass: 'COMPLEX_15D' });
    expect((await open({}, { categoryId: 'transport.parking' })).deadlineClass).toBe('COMPLEX_15D');
    await gql('mutation { setCategoryDeadlineClass(categoryId: "transport.parking", deadlineClass: GENERAL_7D) { id } }');
  });
});

describe('routing rules', () => {
  it('prefers the most local region, then the most specific category', () => {
    const rules = [
      { categoryId: null, regionCode: '220000', agencyId: 'province' },
      { categoryId: null, regionCode: '220300', agencyId: 'prefecture' },
      { categoryId: 'agriculture', regionCode: '220300', agencyId: 'prefecture-agriculture' },
      { categoryId: null, regionCode: '220322', agencyId: 'county' },
      { categoryId: 'agriculture.farmland-water', regionCode: '220322', agencyId: 'town' },
      { categoryId: 'heating', regionCode: '220100', agencyId: 'elsewhere' },
    ];
    const agency = (categoryId: string, regionCode: string) => pickRule(rules, categoryId, regionCode)?.agencyId;
    expect(agency('agriculture.farmland-water', '220322')).toBe('town');
    expect(agency('agriculture.subsidies', '220322')).toBe('county');
    expect(agency('agriculture.subsidies', '220302')).toBe('prefecture-agriculture');
    expect(agency('heating.no-heating', '220302')).toBe('prefecture');
    expect(agency('heating.no-heating', '220500')).toBe('province');
    expect(pickRule(rules.slice(1), 'water.outage', '220502')).toBeNull();
  });

  it('routes by the seeded rules: Lishu farmland drainage to the Liujiaguanzi town government', async () => {
    const cases: [string, string, string][] = [
      ['agriculture.farmland-water', '220322', 'ls-liujiaguanzi'],
      ['agriculture.subsidies', '220322', 'ls-agriculture'],
      ['water.outage', '220322', 'ls-county-gov'],
      ['water.outage', '220302', 'sp-gov-office'],
      ['heating.no-heating', '220302', 'sp-housing'],
      ['heating.intermittent', '220104', 'cc-chaoyang-housing'],
      ['heating.intermittent', '220112', 'cc-housing'],
      ['heating.intermittent', '220000', 'jl-housing'],
      ['transport.parking', '220000', 'jl-gov-office'],
      // A mayor's hotline office takes no ticket itself (it would be SELF_DISPATCH): the municipal office and Nanguan's government handle.
      ['transport.parking', '220104', 'cc-gov-office'],
      ['transport.parking', '220102', 'cc-nanguan-gov'],
      ['heating.intermittent', '220102', 'cc-nanguan-housing'],
    ];
    for (const [categoryId, regionCode, agencyId] of cases) {
      expect({ categoryId, regionCode, agency: (await route(categoryId, regionCode)).agency.id }).toEqual({ categoryId, regionCode, agency: agencyId });
    }
    const listed = await gql('{ routingRules(categoryId: "agriculture.farmland-water", regionCode: "220322") { region { code } category { id } agency { id } } }');
    expect(listed.routingRules).toEqual([
      { region: { code: '220000' }, category: null, agency: { id: 'jl-gov-office' } },
      { region: { code: '220000' }, category: { id: 'agriculture' }, agency: { id: 'jl-agriculture' } },
      { region: { code: '220300' }, category: null, agency: { id: 'sp-gov-office' } },
      { region: { code: '220322' }, category: null, agency: { id: 'ls-county-gov' } },
      { region: { code: '220322' }, category: { id: 'agriculture' }, agency: { id: 'ls-agriculture' } },
      { region: { code: '220322' }, category: { id: 'agriculture.farmland-water' }, agency: { id: 'ls-liujiaguanzi' } },
    ]);
  });

  it('is configurable: a rule is created, changed in place and removed by mutation', async () => {
    const set = (agencyId: string) =>
      gql(`mutation($a: ID!) { setRoutingRule(input: { categoryId: "transport.parking", regionCode: "220104", agencyId: $a, note: "试点" }) { id agency { id } note } }`, { a: agencyId });
    expect((await route('transport.parking', '220104')).agency.id).toBe('cc-gov-office');
    const created = (await set('cc-chaoyang-housing')).setRoutingRule;
    expect((await route('transport.parking', '220104')).agency.id).toBe('cc-chaoyang-housing');
    const changed = (await set('cc-housing')).setRoutingRule;
    expect(changed).toEqual({ id: created.id, agency: { id: 'cc-housing' }, note: '试点' });
    const t = await open({}, { categoryId: 'transport.parking', regionCode: '220104' });
    await act('acceptTicket(id: $id)', { id: t.id });
    expect((await act('assignTicket(id: $id)', { id: t.id })).assignee).toEqual({ id: 'cc-housing' });
    await gql('mutation($id: ID!) { removeRoutingRule(id: $id) { id } }', { id: created.id });
    expect((await route('transport.parking', '220104')).agency.id).toBe('cc-gov-office');
  });

  const refusals: [string, string, string][] = [
    ['a deadline of zero', 'mutation { setDeadlineRule(deadlineClass: URGENT_24H, unit: HOURS, amount: 0) { amount } }', 'INVALID_INPUT'],
    ['a deadline of a year', 'mutation { setDeadlineRule(deadlineClass: GENERAL_7D, unit: WORKING_DAYS, amount: 250) { amount } }', 'INVALID_INPUT'],
    ['a rule for an unknown agency', 'mutation { setRoutingRule(input: { regionCode: "220100", agencyId: "nope" }) { id } }', 'INVALID_INPUT'],
    ['a rule for an unknown category', 'mutation { setRoutingRule(input: { categoryId: "nope", regionCode: "220100", agencyId: "cc-housing" }) { id } }', 'INVALID_INPUT'],
    ['a rule for an unknown region', 'mutation { setRoutingRule(input: { regionCode: "229900", agencyId: "cc-housing" }) { id } }', 'INVALID_INPUT'],
    ['a rule for a malformed region', 'mutation { setRoutingRule(input: { regionCode: "2201", agencyId: "cc-housing" }) { id } }', 'INVALID_INPUT'],
    ['removing an unknown rule', 'mutation { removeRoutingRule(id: "999999") { id } }', 'NOT_FOUND'],
    ['routing a domain', '{ routeTicket(categoryId: "water", regionCode: "220100") { dueAt } }', 'INVALID_INPUT'],
    ['a class for an unknown category', 'mutation { setCategoryDeadlineClass(categoryId: "nope", deadlineClass: GENERAL_7D) { id } }', 'NOT_FOUND'],
  ];
  it.each(refusals)('refuses %s and writes nothing', async (_name, query, code) => {
    const before = await writtenRows(sg);
    const response = await sg.query(query);
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    expect(await writtenRows(sg)).toEqual(before);
  });
});
