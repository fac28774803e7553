import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.ts';
import { startTestHub, type TestHub } from './support/hub.ts';

/*
 * Rows an older version could write: a message (and its case in the ledger) about a region code
 * the directory does not have, assigned to an agency that has since left it. Reads go on for
 * everyone; only the dangling fields are null.
 */
let hub: TestHub;
let messageId: string;
const citizen = () => hub.as({ role: 'citizen', subject: 'citizen:dangling' });
const supervisor = () => hub.as({ role: 'supervisor', agency: 'jl-gov-supervision', subject: 'supervisor:dangling' });
const dashboard = () => hub.as({ role: 'dashboard', subject: 'dashboard:dangling' });

beforeAll(async () => {
  hub = await startTestHub({ only: ['agencies', 'board', 'supervision'] });
  const posted = await hub.ok(`mutation { postMessage(input: { boardId: "jl-secretary", regionCode: "220104",
    title: "路灯不亮", content: "小区路灯坏了一周。" }) { id } }`, {}, citizen());
  messageId = posted.postMessage.id;
  await hub.ok('mutation($id: ID!) { acceptMessage(id: $id) { id } }', { id: messageId });
  await hub.ok('mutation($id: ID!) { forwardMessage(id: $id, agencyId: "jl-drc") { id } }', { id: messageId });
  await eventually(
    () => hub.ok('query($id: ID!) { case(id: $id) { status } }', { id: messageId }),
    (d) => d.case?.status === 'ASSIGNED',
  );
  const db = hub.services.database.db;
  await db.execute(sql`update board.messages set region_code = '229999', assignee_id = 'retired-agency' where id = ${messageId}`);
  await db.execute(sql`update supervision.cases set region_code = '229999', assignee_id = 'retired-agency' where id = ${messageId}`);
});
afterAll(() => hub?.stop());

const CASE_FIELDS = 'id number status region { code name } assignee { id name } message { id region { name } assignee { name } }';

describe('a dangling region or agency in stored rows', () => {
  it('is null in the ledger’s list and record for a supervisor, beside every other field', async () => {
    const response = await hub.query(`query($id: ID!) {
      cases(filter: { channel: [BOARD] }) { totalCount edges { node { ${CASE_FIELDS} } } }
      case(id: $id) { ${CASE_FIELDS} } }`, { id: messageId }, supervisor());
    expect(response.errors).toBeUndefined();
    const expected = { id: messageId, status: 'ASSIGNED', region: null, assignee: null, message: { id: messageId, region: null, assignee: null } };
    expect(response.data?.cases.totalCount).toBe(1);
    expect(response.data?.cases.edges[0].node).toMatchObject(expected);
    expect(response.data?.case).toMatchObject(expected);
  });

  it('is null for a dashboard reading the ledger', async () => {
    const response = await hub.query(`{ cases(filter: { channel: [BOARD] }) { edges { node { id status region { name } assignee { name } } } } }`, {}, dashboard());
    expect(response.errors).toBeUndefined();
    expect(response.data?.cases.edges).toEqual([{ node: { id: messageId, status: 'ASSIGNED', region: null, assignee: null } }]);
  });

  it('is null for the citizen who posted it, in the record and in their list', async () => {
    const response = await hub.query(`query($id: ID!) {
      message(id: $id) { id title region { name } assignee { name } }
      messages(filter: { boardId: "jl-secretary" }) { edges { node { id region { code } } } } }`, { id: messageId }, citizen());
    expect(response.errors).toBeUndefined();
    expect(response.data?.message).toEqual({ id: messageId, title: '路灯不亮', region: null, assignee: null });
    expect(response.data?.messages.edges).toEqual([{ node: { id: messageId, region: null } }]);
  });

  it('is still refused on the way in: the same codes cannot be written again', async () => {
    const region = await hub.query(`mutation { postMessage(input: { boardId: "jl-secretary", regionCode: "229999", title: "t", content: "c" }) { id } }`, {}, citizen());
    expect(region.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'regionCode' });
    const agency = await hub.query(`mutation { postMessage(input: { boardId: "jl-secretary", regionCode: "220104", title: "t", content: "c" }) { id } }`, {}, citizen());
    const id = agency.data?.postMessage.id;
    await hub.ok('mutation($id: ID!) { acceptMessage(id: $id) { id } }', { id });
    const forward = await hub.query('mutation($id: ID!) { forwardMessage(id: $id, agencyId: "retired-agency") { id } }', { id });
    expect(forward.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'agencyId' });
    const stored = await hub.ok('query($id: ID!) { message(id: $id) { status assignee { id } } }', { id });
    expect(stored.message).toEqual({ status: 'ACCEPTED', assignee: null });
  });
});
