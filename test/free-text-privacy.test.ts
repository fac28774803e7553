import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationId, type DevTokenClaims } from '@civicgraph/gateway';
import { fixedClock, rowsOf } from '@civicgraph/platform';
import { eventually } from './support/eventually.ts';
import { startTestHub, type TestHub } from './support/hub.ts';

/*
 * Personal data typed into free text, through the gateway: a phone number, an ID number, an e-mail
 * and the citizen's own name in every free-text field of an appeal in each channel, read by every
 * kind of caller, over subscriptions, in the event log, feedbackWords, the digest and the ledger.
 * Every caller gets the masked text; only the audited reveal returns the original.
 */
const clock = fixedClock(new Date('2022-09-05T09:00:00+08:00'));
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ only: ['agencies', 'board', 'hotline', 'supervision'], clock });
});
afterAll(() => hub?.stop());

const NAME = '王小明';
const PHONE = '13912345678';
const ID_NUMBER = '220102199003071235';
const EMAIL = 'wang.xm@example.com';
const SECRET = `我是${NAME}，电话${PHONE}，身份证${ID_NUMBER}，邮箱${EMAIL}`;
const MASKED = '我是王**，电话139****5678，身份证220102********1235，邮箱w***@example.com';
const RAW = [NAME, PHONE, ID_NUMBER, EMAIL];

const expectNoRaw = (value: unknown) => {
  const text = JSON.stringify(value);
  for (const raw of RAW) expect(text).not.toContain(raw);
};

const CITIZEN: DevTokenClaims = { role: 'citizen', subject: 'citizen:alice' };
const OTHER_CITIZEN: DevTokenClaims = { role: 'citizen', subject: 'citizen:bob' };
const HANDLER: DevTokenClaims = { role: 'handler', agency: 'th-housing', subject: 'handler:th' };
const HANDLER_ELSEWHERE: DevTokenClaims = { role: 'handler', agency: 'cc-housing', subject: 'handler:cc' };
const SUPERVISOR: DevTokenClaims = { role: 'supervisor', agency: 'jl-gov-supervision', subject: 'supervisor:jl' };
const DASHBOARD: DevTokenClaims = { role: 'dashboard', subject: 'dashboard:th' };
const INTEGRATOR: DevTokenClaims = { role: 'integrator', subject: 'integrator:open311' };

const casesPage = readFileSync(new URL('../gateway/trusted-operations/CasesPage.graphql', import.meta.url), 'utf8');
async function casesAsIntegrator() {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await hub.as(INTEGRATOR)) },
    body: JSON.stringify({ documentId: operationId(casesPage), variables: { first: 50 } }),
  });
  const body = (await response.json()) as { data?: { cases: { edges: { node: { id: string; title: string } }[] } }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data!.cases.edges.map((e) => e.node);
}

async function auditRows() {
  const data = await hub.ok(`{ personalDataReveals(first: 100) { edges { node { recordType recordId fields } } } }`, {}, hub.as(SUPERVISOR));
  return data.personalDataReveals.edges.map((e: any) => e.node) as { recordType: string; recordId: string; fields: string[] }[];
}

/** Every event logged about the appeal: the channel's own and the ledger's. */
async function eventLog(aggregateId: string) {
  return rowsOf<{ source: string; payload: Record<string, unknown> }>(
    await hub.services.database.db.execute(sql`select source, payload from events.event_log where aggregate_id = ${aggregateId} order by seq`),
  );
}

const MESSAGE = `title content reply { content } returnVisit { comment } timeline { note }`;
const maskedMessage = {
  title: MASKED,
  content: `详情：${MASKED}`,
  reply: { content: MASKED },
  returnVisit: { comment: `${MASKED}，效率高` },
};

/** A message with the secret in every free-text field, taken (as admin) all the way to its return visit. */
async function publishedMessage(): Promise<string> {
  const { postMessage } = await hub.ok(`mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`, {
    input: { boardId: 'th-secretary', title: SECRET, content: `详情：${SECRET}`, regionCode: '220502', contact: { name: NAME, phone: '13804351234' } },
  }, hub.as(CITIZEN));
  const id = postMessage.id as string;
  for (const step of [
    'acceptMessage(id: $id, note: $s)',
    'forwardMessage(id: $id, agencyId: "th-housing", dueAt: "2022-10-01T17:00:00+08:00", note: $s)',
    'acknowledgeMessage(id: $id, note: $s)',
    'submitReply(id: $id, content: $s)',
    'approveReply(id: $id, note: $s)',
    'recordReturnVisit(id: $id, satisfaction: VERY_SATISFIED, comment: $c)',
  ]) {
    const text = step.includes('$c') ? '$c' : '$s';
    await hub.ok(`mutation($id: ID!, ${text}: String!) { r: ${step} { id } }`, { id, s: SECRET, c: `${SECRET}，效率高` });
  }
  return id;
}

describe('free text on the message board', () => {
  let id: string;
  const feed: unknown[] = [];

  beforeAll(async () => {
    const dashboard = hub.subscribe(`subscription { messageEvents(filter: { boardId: "th-secretary" }) { action note message { title content } } }`, {},
      await hub.token(DASHBOARD));
    await dashboard.ready();
    id = await publishedMessage();
    await publishedMessage(); // a second citizen's comment, so a phrase they share counts twice in feedbackWords
    for (let i = 0; i < 14; i++) feed.push((await dashboard.next()).data);
    await dashboard.close();
  });

  it('shows every caller the masked text: anonymous, the poster, another citizen, handlers here and elsewhere, supervisor, dashboard', async () => {
    for (const caller of [{}, hub.as(CITIZEN), hub.as(OTHER_CITIZEN), hub.as(HANDLER), hub.as(HANDLER_ELSEWHERE), hub.as(SUPERVISOR), hub.as(DASHBOARD)]) {
      const { message } = await hub.ok(`query($id: ID!) { message(id: $id) { ${MESSAGE} } }`, { id }, caller);
      expect(message).toMatchObject(maskedMessage);
      expect(message.timeline.map((t: { note: string | null }) => t.note)).toEqual([null, MASKED, MASKED, MASKED, null, MASKED, `${MASKED}，效率高`]);
      expectNoRaw(message);
    }
    const { messages } = await hub.ok(`{ messages(first: 5) { edges { node { title content } } } }`, {}, hub.as(DASHBOARD));
    expect(messages.edges.map((e: any) => e.node.title)).toEqual([MASKED, MASKED]);
  });

  it('sends masked text in subscription payloads and writes only masked text to the event log', async () => {
    expect(feed).toHaveLength(14);
    expect(feed.map((f: any) => f.messageEvents.message.title)).toEqual(Array(14).fill(MASKED));
    expect(feed.filter((f: any) => f.messageEvents.note === MASKED)).toHaveLength(8);
    expectNoRaw(feed);
    const log = await eventLog(id);
    const own = log.filter((e) => e.source === 'board');
    expect(own).toHaveLength(7);
    expect(own.map((e) => e.payload.title)).toEqual(Array(7).fill(MASKED));
    expect(own.filter((e) => e.payload.note === MASKED)).toHaveLength(4);
    expectNoRaw(log);
  });

  it('never counts a number, an e-mail or the name as a feedback word', async () => {
    const { board } = await hub.ok(`{ board(id: "th-secretary") { feedbackWords(from: "2022-01-01T00:00:00Z", to: "2023-01-01T00:00:00Z") { text count } } }`, {}, {});
    const words = board.feedbackWords as { text: string; count: number }[];
    expect(words).toContainEqual({ text: '效率高', count: 2 });
    for (const word of words) expect(word.text).not.toMatch(/[\d*＊@]|王小明|王/u);
  });

  it('gives the ledger (and integrators reading it) the masked title', async () => {
    const cases = await eventually(casesAsIntegrator, (list) => list.some((c) => c.id === id));
    expect(cases.find((c) => c.id === id)!.title).toBe(MASKED);
    expectNoRaw(cases);
  });

  it('returns the original text only from the audited reveal, with one audit row naming the fields', async () => {
    const before = await auditRows();
    const reveal = `mutation($id: ID!) { revealMessagePoster(id: $id, reason: "回访需要核对留言内容") { name texts { field text } } }`;
    const refused = await hub.query(reveal, { id }, hub.as(HANDLER_ELSEWHERE));
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expectNoRaw(refused);
    expect(await auditRows()).toHaveLength(before.length);

    const { revealMessagePoster } = await hub.ok(reveal, { id }, hub.as(HANDLER));
    const fields = ['title', 'content', 'reply.content', 'returnVisit.comment', 'timeline.2.note', 'timeline.3.note', 'timeline.4.note', 'timeline.6.note', 'timeline.7.note'];
    expect(revealMessagePoster.name).toBe(NAME);
    expect(revealMessagePoster.texts.map((t: { field: string }) => t.field)).toEqual(fields);
    expect(revealMessagePoster.texts[0]).toEqual({ field: 'title', text: SECRET });
    const after = await auditRows();
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toEqual({ recordType: 'Message', recordId: id, fields: ['posterName', 'posterPhone', 'posterAddress', ...fields] });
  });
});
