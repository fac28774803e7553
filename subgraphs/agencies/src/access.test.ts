import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, personalDataReveals, type Identity } from '@civicgraph/platform';
import { startTestSubgraph, TEST_ADMIN, testIdentity, type TestSubgraph } from '@civicgraph/platform/testing';
import { subgraph } from './server.ts';

let sg: TestSubgraph;
const ids: number[] = [];
/** Five reveals, an hour apart from 08:00; the last two in the same instant (the id breaks the tie). */
const ROWS = [
  { at: '2022-12-05T08:00:00Z', subject: 'handler:cc-heating-co', agencyId: 'cc-heating-co', roles: ['handler'], subgraph: 'heating', recordType: 'HeatingOrder', recordId: 'h-1', fields: ['address'], reason: '入户测温需要地址' },
  { at: '2022-12-05T09:00:00Z', subject: 'hotline:cc', agencyId: 'cc-mayor-hotline', roles: ['hotline_agent'], subgraph: 'hotline', recordType: 'Ticket', recordId: 't-1', fields: ['callerName', 'callerPhone'], reason: '回访需要联系电话' },
  { at: '2022-12-05T10:00:00Z', subject: 'supervisor:jl', agencyId: null, roles: ['supervisor'], subgraph: 'heating', recordType: 'HeatingOrder', recordId: 'h-1', fields: ['address'], reason: '督办核实地址' },
  { at: '2022-12-05T11:00:00Z', subject: 'admin:jl', agencyId: null, roles: ['admin'], subgraph: 'board', recordType: 'Message', recordId: 'm-1', fields: ['posterName'], reason: '核实留言人身份' },
  { at: '2022-12-05T11:00:00Z', subject: 'handler:th-housing', agencyId: 'th-housing', roles: ['handler'], subgraph: 'heating', recordType: 'HeatingOrder', recordId: 'h-2', fields: ['address'], reason: '入户查看供热情况' },
];
beforeAll(async () => {
  sg = await startTestSubgraph(subgraph, { seedDemo: true });
  // Written directly: the reveal mutations live in other subgraphs; this one only reads the trail.
  const inserted = await sg.services.database.db.insert(personalDataReveals)
    .values(ROWS.map((r) => ({ ...r, at: new Date(r.at) }))).returning({ id: personalDataReveals.id });
  ids.push(...inserted.map((r) => r.id));
});
afterAll(() => sg?.stop());

const QUERY = `query($type: String, $record: ID, $first: Int, $after: String) {
  personalDataReveals(recordType: $type, recordId: $record, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id at subject agency { id name } roles subgraph recordType recordId fields reason } }
  } }`;
async function page(variables: Record<string, unknown>, as: Identity = TEST_ADMIN) {
  const response = await sg.query(QUERY, variables, as);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!.personalDataReveals;
}
const idsOf = (p: any) => p.edges.map((e: any) => Number(e.node.id));

describe('the audit trail of personal data revealed', () => {
  it('lists every reveal newest first (ties by id), with who, their agency, which record, fields and why', async () => {
    const all = await page({});
    expect(all.totalCount).toBe(5);
    expect(idsOf(all)).toEqual([ids[4], ids[3], ids[2], ids[1], ids[0]]);
    expect(all.edges[0].node).toEqual({
      id: String(ids[4]), at: '2022-12-05T11:00:00.000Z', subject: 'handler:th-housing', agency: { id: 'th-housing', name: '通化市住建局' },
      roles: ['handler'], subgraph: 'heating', recordType: 'HeatingOrder', recordId: 'h-2', fields: ['address'], reason: '入户查看供热情况',
    });
    expect(all.edges[2].node).toMatchObject({ subject: 'supervisor:jl', agency: null, roles: ['supervisor'] });
    expect(all.edges[3].node).toMatchObject({ agency: { id: 'cc-mayor-hotline' }, fields: ['callerName', 'callerPhone'] });
  });

  it('filters by kind of record and by record', async () => {
    const heating = await page({ type: 'HeatingOrder' });
    expect([heating.totalCount, idsOf(heating)]).toEqual([3, [ids[4], ids[2], ids[0]]]);
    const one = await page({ type: 'HeatingOrder', record: 'h-1' });
    expect([one.totalCount, idsOf(one)]).toEqual([2, [ids[2], ids[0]]]);
    expect((await page({ record: 'nobody' })).totalCount).toBe(0);
  });

  it('pages with keyset cursors, stable across equal instants, without gaps or repeats', async () => {
    const seen: number[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const p: any = await page({ first: 2, after });
      expect(p.totalCount).toBe(5);
      seen.push(...idsOf(p));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(seen).toEqual([ids[4], ids[3], ids[2], ids[1], ids[0]]);
    const malformed = await sg.query(QUERY, { after: Buffer.from(JSON.stringify(['2022-12-05T11:00:00Z', 'x'])).toString('base64url') });
    expect(malformed.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
    const tooMany = await sg.query(QUERY, { first: 101 });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });

  it('is for supervisors and admins with audit:read only', async () => {
    expect((await page({}, testIdentity('supervisor'))).totalCount).toBe(5);
    const refused: [Identity, string][] = [
      [ANONYMOUS, 'UNAUTHENTICATED'],
      [testIdentity('handler', { agency: 'cc-heating-co' }), 'FORBIDDEN'],
      [testIdentity('reviewer', { agency: 'th-housing' }), 'FORBIDDEN'],
      [testIdentity('hotline_agent', { agency: 'cc-mayor-hotline' }), 'FORBIDDEN'],
      [testIdentity('dashboard'), 'FORBIDDEN'],
      [testIdentity('integrator'), 'FORBIDDEN'],
      [testIdentity('citizen'), 'FORBIDDEN'],
      // The role without the scope: a supervisor's token issued without audit:read.
      [{ ...testIdentity('supervisor'), scopes: ['appeals:read'] }, 'FORBIDDEN'],
    ];
    for (const [as, code] of refused) {
      const response = await sg.query(QUERY, {}, as);
      expect(response.errors?.[0]?.extensions?.code).toBe(code);
      expect(response.data).toBeNull();
    }
  });

  it('leaves the directory public: anonymous callers read regions and agencies', async () => {
    const response = await sg.query('{ agency(id: "cc-heating-co") { name parent { id } } }', {}, ANONYMOUS);
    expect(response).toEqual({ data: { agency: { name: '朝阳区供热公司', parent: { id: 'cc-chaoyang-housing' } } } });
  });
});
