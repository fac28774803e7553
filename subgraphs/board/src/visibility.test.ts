import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import { ANONYMOUS, type Identity } from '@civicgraph/platform';
import { startTestSubgraph, TEST_ADMIN, testIdentity, type TestSubgraph } from '@civicgraph/platform/testing';
import * as domain from './domain/messages.ts';
import { messageIn } from './test-fixtures.ts';
import { subgraph } from './server.ts';

/*
 * Who reads which messages, and how much of the poster they see. Public: messages whose reply is
 * published (REPLIED, FOLLOWED_UP, CLOSED). The rest: the caller's row scope, with appeals:read.
 */
let sg: TestSubgraph;
const m: Record<string, string> = {};
const numbers: Record<string, string> = {};

const CONTACT = { name: '张三丰', phone: '+86 138-0013-8000', address: '吉林省通化市东昌区新站街道幸福小区3栋' };
const MASKED = { posterName: '张**', posterPhone: '138****8000', posterAddress: '吉林省通化市****' };
const CONTACT_2 = { name: '李四', phone: '0433-2512345' };
const MASKED_2 = { posterName: '李*', posterPhone: '043****2345', posterAddress: null };
const HIDDEN = { posterName: null, posterPhone: null, posterAddress: null };

beforeAll(async () => {
  sg = await startTestSubgraph(subgraph, { prepare: [agencies], now: new Date('2022-09-26T09:30:00+08:00') });
  const rows = {
    // Dongchang district (Tonghua, 220502): not yet public.
    m1: await messageIn(sg, 'SUBMITTED', { authorSubject: 'citizen:alice', contact: CONTACT }),
    m2: await messageIn(sg, 'IN_PROGRESS', { assigneeId: 'th-dongchang-housing', contact: CONTACT }),
    m3: await messageIn(sg, 'ASSIGNED', { assigneeId: 'jl-drc' }),
    // Public: replied in Yanji (Yanbian), closed in Changchun.
    m4: await messageIn(sg, 'REPLIED', { boardId: 'yb-mayor', regionCode: '222401', assigneeId: 'yb-yanji-housing', authorSubject: 'citizen:bob', contact: CONTACT_2 }),
    m5: await messageIn(sg, 'CLOSED', { boardId: 'cc-mayor', regionCode: '220104', assigneeId: 'cc-chaoyang-housing' }),
    m6: await messageIn(sg, 'ACCEPTED', { boardId: 'cc-mayor', regionCode: '220104', authorSubject: 'citizen:alice' }),
    m7: await messageIn(sg, 'SUBMITTED'),
  };
  for (const [key, row] of Object.entries(rows)) [m[key], numbers[key]] = [row.id, row.number];
  await domain.mergeMessage({ db: sg.services.database.db, clock: sg.services.clock, actor: 'seed' }, m.m7!, m.m3!);
});
afterAll(() => sg?.stop());

const handler = (agency: string) => testIdentity('handler', { agency });
const citizen = (name: string) => testIdentity('citizen', { subject: `citizen:${name}` });
const ALL = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'];
const PUBLIC = ['m4', 'm5'];

const READERS: [string, Identity, string[]][] = [
  ['an admin', TEST_ADMIN, ALL],
  ['a supervisor', testIdentity('supervisor'), ALL],
  ['the dashboard', testIdentity('dashboard'), ALL],
  ['an integrator', testIdentity('integrator'), ALL],
  ['anonymous', ANONYMOUS, PUBLIC],
  ['a citizen (their own and public ones)', citizen('alice'), ['m1', 'm4', 'm5', 'm6']],
  ['another citizen', citizen('bob'), PUBLIC],
  ['a citizen whose token lacks appeals:read', { ...citizen('alice'), scopes: ['appeals:post'] }, PUBLIC],
  // th-housing: its sub-agency th-dongchang-housing, and unassigned messages from Tonghua (2205).
  ['a parent agency’s handler', handler('th-housing'), ['m1', 'm2', 'm4', 'm5', 'm7']],
  ['the assigned agency’s handler', handler('th-dongchang-housing'), ['m1', 'm2', 'm4', 'm5', 'm7']],
  // A provincial agency: what is assigned to it, and every unassigned message in Jilin (22).
  ['a provincial agency’s handler', handler('jl-drc'), ['m1', 'm3', 'm4', 'm5', 'm6', 'm7']],
  ['another prefecture’s reviewer', testIdentity('reviewer', { agency: 'yb-housing' }), PUBLIC],
];

const keysOf = (ids: string[]) => ids.map((id) => Object.keys(m).find((k) => m[k] === id)).sort();

describe('reads are limited to the caller’s row scope', () => {
  it.each(READERS)('messages lists exactly what %s may see', async (_name, as, expected) => {
    const { data, errors } = await sg.query(`{ messages(first: 50) { totalCount edges { node { id } } } }`, {}, as);
    expect(errors).toBeUndefined();
    expect(keysOf(data!.messages.edges.map((e: any) => e.node.id))).toEqual(expected);
    expect(data!.messages.totalCount).toBe(expected.length);
  });

  it.each(READERS)('message(id) is null for what %s may not see', async (_name, as, expected) => {
    const aliases = ALL.map((k) => `${k}: message(id: "${m[k]}") { id }`).join(' ');
    const { data } = await sg.query(`{ ${aliases} }`, {}, as);
    expect(ALL.filter((k) => data![k] !== null)).toEqual(expected);
    expect(ALL.filter((k) => data![k] !== null).every((k) => data![k].id === m[k])).toBe(true);
  });

  it('applies the same scope to a board’s messages, lookups by number and entity references', async () => {
    const query = `query($n2: String!, $n3: String!, $r: [_Any!]!) {
      board(id: "th-mayor") { messages { totalCount } }
      n2: messageByNumber(number: $n2) { id }
      n3: messageByNumber(number: $n3) { id }
      _entities(representations: $r) { ... on Message { id } }
    }`;
    const variables = { n2: numbers.m2, n3: numbers.m3, r: ['m2', 'm3', 'm4'].map((k) => ({ __typename: 'Message', id: m[k] })) };
    const asDrc = (await sg.query(query, variables, handler('jl-drc'))).data!;
    expect(asDrc.board.messages.totalCount).toBe(3); // m1, m3, m7
    expect([asDrc.n2, asDrc.n3]).toEqual([null, { id: m.m3 }]);
    expect(asDrc._entities).toEqual([null, { id: m.m3 }, { id: m.m4 }]);
    const asAnonymous = (await sg.query(query, variables, ANONYMOUS)).data!;
    expect(asAnonymous.board.messages.totalCount).toBe(0);
    expect([asAnonymous.n2, asAnonymous.n3]).toEqual([null, null]);
    expect(asAnonymous._entities).toEqual([null, null, { id: m.m4 }]);
  });

  it('shows mergedInto only when the caller may see the message merged into', async () => {
    const query = `query($id: ID!) { message(id: $id) { status mergedInto { id } } }`;
    expect((await sg.query(query, { id: m.m7 })).data!.message).toEqual({ status: 'MERGED', mergedInto: { id: m.m3 } });
    expect((await sg.query(query, { id: m.m7 }, handler('th-housing'))).data!.message).toEqual({ status: 'MERGED', mergedInto: null });
  });

  it('keeps boards and their feedback words public', async () => {
    const { data, errors } = await sg.query(`{ boards(regionCode: "220500") { id }
      board(id: "yb-mayor") { feedbackWords(from: "2022-01-01T00:00:00Z", to: "2023-01-01T00:00:00Z") { text } } }`, {}, ANONYMOUS);
    expect(errors).toBeUndefined();
    expect(data).toEqual({ boards: [{ id: 'th-mayor' }, { id: 'th-secretary' }], board: { feedbackWords: [] } });
  });
});

describe('personal data is masked for the row scope and absent for the public', () => {
  const POSTER = `query($id: ID!) { message(id: $id) { posterName posterPhone posterAddress } }`;
  const poster = async (key: string, as: Identity) => (await sg.query(POSTER, { id: m[key] }, as)).data!.message;

  it.each([
    ['an admin', TEST_ADMIN],
    ['a supervisor', testIdentity('supervisor')],
    ['the dashboard', testIdentity('dashboard')],
    ['an integrator', testIdentity('integrator')],
    ['a handler in reach', handler('th-housing')],
    ['a hotline agent in reach', testIdentity('hotline_agent', { agency: 'th-mayor-hotline' })],
    ['the citizen who posted it', citizen('alice')],
  ])('%s sees it masked', async (_name, as) => {
    expect(await poster('m1', as)).toEqual(MASKED);
  });

  it('masks a public message for those whose row scope holds it, and hides it from everyone else', async () => {
    expect(await poster('m4', TEST_ADMIN)).toEqual(MASKED_2);
    expect(await poster('m4', citizen('bob'))).toEqual(MASKED_2);
    expect(await poster('m4', testIdentity('reviewer', { agency: 'yb-housing' }))).toEqual(MASKED_2);
    expect(await poster('m4', citizen('alice'))).toEqual(HIDDEN);
    expect(await poster('m4', handler('th-housing'))).toEqual(HIDDEN);
    expect(await poster('m4', ANONYMOUS)).toEqual(HIDDEN);
  });

  it('never answers with the full values, in lists either', async () => {
    const { data } = await sg.query(`{ messages(first: 50) { edges { node { posterName posterPhone posterAddress } } } }`);
    const text = JSON.stringify(data);
    for (const full of ['张三丰', '13800138000', '幸福小区', '李四', '04332512345']) expect(text).not.toContain(full);
    expect(data!.messages.edges.filter((e: any) => e.node.posterPhone === MASKED.posterPhone)).toHaveLength(2);
  });
});
