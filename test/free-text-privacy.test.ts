import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationId, type DevTokenClaims } from '@civicgraph/gateway';
import { fixedClock, rowsOf } from '@civicgraph/platform';
import { eventually } from './support/eventually.ts';
import { Open311Client } from './support/open311-client.ts';
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
  hub = await startTestHub({ only: ['agencies', 'board', 'hotline', 'supervision', 'housing'], clock });
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
    const dashboard = hub.subscribe(`subscription { messageEvents(filter: { boardId: "th-secretary" }) { action actor note message { title content } } }`, {},
      await hub.token(DASHBOARD));
    await dashboard.ready();
    id = await publishedMessage();
    await publishedMessage(); // a second citizen's comment, so a phrase they share counts twice in feedbackWords
    for (let i = 0; i < 14; i++) feed.push((await dashboard.next(30_000)).data);
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

  it('shows the public, citizens and dashboards the agency instead of a staff subject; staff see the subject', async () => {
    const query = `query($id: ID!) { message(id: $id) { timeline { actor } returnVisit { by } } }`;
    const expected = { timeline: ['citizen', 'staff', '通化市住建局', '通化市住建局', '通化市住建局', '通化市住建局', '通化市住建局'], by: '通化市住建局' };
    for (const caller of [{}, hub.as(CITIZEN), hub.as(OTHER_CITIZEN), hub.as(DASHBOARD)]) {
      const { message } = await hub.ok(query, { id }, caller);
      expect({ timeline: message.timeline.map((t: { actor: string }) => t.actor), by: message.returnVisit.by }).toEqual(expected);
    }
    const { message } = await hub.ok(query, { id }, hub.as(HANDLER));
    const recorded = message.timeline.map((t: { actor: string }) => t.actor);
    expect(recorded[0]).toBe('citizen');
    expect(recorded.slice(1).every((actor: string) => actor !== 'staff' && actor !== '通化市住建局')).toBe(true);
    expect(message.returnVisit.by).toBe(recorded[6]);
    // The dashboard's live feed names agencies too (the step's appeal agency; none yet when accepted).
    const perMessage = ['citizen', 'staff', '通化市住建局', '通化市住建局', '通化市住建局', '通化市住建局', '通化市住建局'];
    expect(feed.map((f: any) => f.messageEvents.actor)).toEqual([...perMessage, ...perMessage]);
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

  it('gives Open311 and the CSV export the masked title', async () => {
    const open311 = new Open311Client(hub.url.replace('/graphql', '/open311/v2'), await hub.token(INTEGRATOR));
    const requests = await open311.requests();
    expect(requests.status).toBe(200);
    expect(JSON.stringify(requests.body)).toContain(MASKED);
    expectNoRaw(requests.body);
    const csv = await fetch(hub.url.replace('/graphql', '/export/cases.csv'), { headers: await hub.as(SUPERVISOR) });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain(MASKED);
    expectNoRaw(text);
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

const TICKET = `title content reply { content } returnVisits { comment } timeline { note } call { summary }`;

describe('free text on the hotline', () => {
  let ticketId: string;
  let callId: string;
  let assignee: string;
  let intake: string;
  const feed: any[] = [];

  beforeAll(async () => {
    const dashboard = hub.subscribe(`subscription { ticketEvents { action note ticket { title } } }`, {}, await hub.token(DASHBOARD));
    await dashboard.ready();
    const { recordCall } = await hub.ok(`mutation($input: RecordCallInput!) { recordCall(input: $input) { id hotline { agency { id } } ticket { id } } }`, {
      input: {
        hotlineId: 'jl-governor-hotline', seatId: 'jl-governor-hotline-07', agentHandle: 'agent:96118-07', durationSeconds: 300,
        callerPhone: '13943412345', callerName: NAME, outcome: 'TICKET_OPENED', summary: SECRET,
        ticket: { title: SECRET, content: `详情：${SECRET}`, categoryId: 'agriculture.farmland-water', regionCode: '220322' },
      },
    });
    callId = recordCall.id;
    ticketId = recordCall.ticket.id;
    intake = recordCall.hotline.agency.id;
    for (const step of ['acceptTicket(id: $id, note: $s)', 'assignTicket(id: $id, note: $s)', 'acknowledgeTicket(id: $id, note: $s)',
      'submitTicketReply(id: $id, content: $s)', 'approveTicketReply(id: $id, note: $s)', 'recordTicketReturnVisit(id: $id, satisfaction: SATISFIED, comment: $s)']) {
      const { r } = await hub.ok(`mutation($id: ID!, $s: String!) { r: ${step} { assignee { id } } }`, { id: ticketId, s: SECRET });
      assignee = r.assignee?.id ?? assignee;
    }
    for (let i = 0; i < 7; i++) feed.push((await dashboard.next(30_000)).data!.ticketEvents);
    await dashboard.close();
  });

  it('shows the hotline agent, the assigned handler, the supervisor and the dashboard the masked text; others not the ticket', async () => {
    const readers = [
      { role: 'hotline_agent', agency: intake, subject: 'agent:96118-07' },
      { role: 'handler', agency: assignee, subject: 'handler:town' },
      SUPERVISOR,
      DASHBOARD,
    ] as DevTokenClaims[];
    for (const reader of readers) {
      const { ticket } = await hub.ok(`query($id: ID!) { ticket(id: $id) { ${TICKET} } }`, { id: ticketId }, hub.as(reader));
      expect(ticket).toMatchObject({ title: MASKED, content: `详情：${MASKED}`, reply: { content: MASKED }, returnVisits: [{ comment: MASKED }], call: { summary: MASKED } });
      expect(ticket.timeline.filter((t: { note: string | null }) => t.note === MASKED)).toHaveLength(5);
      expectNoRaw(ticket);
    }
    for (const outsider of [HANDLER, OTHER_CITIZEN]) {
      const { ticket } = await hub.ok(`query($id: ID!) { ticket(id: $id) { title } }`, { id: ticketId }, hub.as(outsider));
      expect(ticket).toBeNull();
    }
  });

  it('masks the ticket events and the digest', async () => {
    expect(feed.map((e) => e.action)).toEqual(['OPEN', 'ACCEPT', 'ASSIGN', 'ACKNOWLEDGE', 'SUBMIT_REPLY', 'APPROVE_REPLY', 'RETURN_VISIT']);
    expect(feed.map((e) => e.ticket.title)).toEqual(Array(7).fill(MASKED));
    expect(feed.filter((e) => e.note === MASKED)).toHaveLength(5);
    expectNoRaw(feed);
    expectNoRaw(await eventLog(ticketId));
    const { digest } = await hub.ok(`{ digest(week: "2022-09-05") { totalTickets topCategories { tickets { title content } } } }`, {}, hub.as(SUPERVISOR));
    expect(digest.totalTickets).toBe(1);
    expect(digest.topCategories[0].tickets).toEqual([{ title: MASKED, content: `详情：${MASKED}` }]);
  });

  it('reveals the call with the ticket’s original text, audited', async () => {
    const before = await auditRows();
    const { revealCaller } = await hub.ok(`mutation($id: ID!) { revealCaller(callId: $id, reason: "回访需要核对来电内容") { name texts { field text } } }`,
      { id: callId }, hub.as({ role: 'hotline_agent', agency: intake, subject: 'agent:96118-07' }));
    expect(revealCaller.name).toBe(NAME);
    const fields = revealCaller.texts.map((t: { field: string }) => t.field);
    expect(fields).toEqual(['summary', 'ticket.title', 'ticket.content', 'ticket.reply.content', 'ticket.returnVisits.1.comment',
      'ticket.timeline.2.note', 'ticket.timeline.3.note', 'ticket.timeline.4.note', 'ticket.timeline.6.note', 'ticket.timeline.7.note']);
    expect(revealCaller.texts.every((t: { text: string }) => t.text.includes(SECRET))).toBe(true);
    const after = await auditRows();
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toEqual({ recordType: 'Call', recordId: callId, fields: ['callerPhone', 'callerName', ...fields] });
  });
});

const CLUE = `title content resultsReport { content } returnVisit { comment } timeline { note } reporterName`;

describe('free text on the supervision platform', () => {
  let clueId: string;

  beforeAll(async () => {
    const { submitClue } = await hub.ok(`mutation($input: SubmitClueInput!) { submitClue(input: $input) { id } }`, {
      input: { title: SECRET, content: `详情：${SECRET}`, regionCode: '220502', reporterName: NAME, reporterPhone: '13604351234' },
    }, hub.as(OTHER_CITIZEN));
    clueId = submitClue.id;
    for (const step of ['acceptClue(id: $id, note: $s)', 'transferClue(id: $id, agencyId: "th-housing", dueAt: "2022-10-01T17:00:00+08:00", note: $s)',
      'acknowledgeClue(id: $id, note: $s)', 'submitResultsReport(id: $id, content: $s)', 'approveResultsReport(id: $id, note: $s)',
      'recordClueReturnVisit(id: $id, satisfaction: SATISFIED, comment: $s)']) {
      await hub.ok(`mutation($id: ID!, $s: String!) { r: ${step} { id } }`, { id: clueId, s: SECRET });
    }
  });

  it('shows the reporter, the handler it was transferred to, the supervisor and the dashboard the masked text', async () => {
    for (const reader of [OTHER_CITIZEN, HANDLER, SUPERVISOR, DASHBOARD]) {
      const { clue } = await hub.ok(`query($id: ID!) { clue(id: $id) { ${CLUE} } }`, { id: clueId }, hub.as(reader));
      expect(clue).toMatchObject({ title: MASKED, content: `详情：${MASKED}`, resultsReport: { content: MASKED }, returnVisit: { comment: MASKED }, reporterName: '王**' });
      expect(clue.timeline.filter((t: { note: string | null }) => t.note === MASKED)).toHaveLength(5);
      expectNoRaw(clue);
    }
    const { clue } = await hub.ok(`query($id: ID!) { clue(id: $id) { title } }`, { id: clueId }, hub.as(CITIZEN));
    expect(clue).toBeNull();
    expectNoRaw(await eventLog(clueId));
  });

  it('reveals the clue’s original text to the supervisor, audited', async () => {
    const before = await auditRows();
    const { revealClueReporter } = await hub.ok(`mutation($id: ID!) { revealClueReporter(id: $id, reason: "核实线索需要联系举报人") { name texts { field text } } }`,
      { id: clueId }, hub.as(SUPERVISOR));
    expect(revealClueReporter.name).toBe(NAME);
    expect(revealClueReporter.texts.slice(0, 2)).toEqual([{ field: 'title', text: SECRET }, { field: 'content', text: `详情：${SECRET}` }]);
    const after = await auditRows();
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]!.fields).toEqual(['reporterName', 'reporterPhone', ...revealClueReporter.texts.map((t: { field: string }) => t.field)]);
  });
});

describe('free text in a department: a housing work order', () => {
  // A work order knows no citizen's name: numbers, ID numbers and e-mails are masked, the name is not known here.
  const TEXT = `联系电话${PHONE}，身份证${ID_NUMBER}，邮箱${EMAIL}`;
  const TEXT_MASKED = '联系电话139****5678，身份证220102********1235，邮箱w***@example.com';

  it('masks the order’s title, location and timeline notes for its bureau, and writes masked notes to the log', async () => {
    const { postMessage } = await hub.ok(`mutation { postMessage(input: { boardId: "th-secretary", title: "人行道破损", content: "砖块松动", regionCode: "220502" }) { id } }`,
      {}, hub.as(CITIZEN));
    await hub.ok(`mutation($id: ID!) { r: acceptMessage(id: $id) { id } }`, { id: postMessage.id });
    await hub.ok(`mutation($id: ID!) { r: forwardMessage(id: $id, agencyId: "th-housing", dueAt: "2022-10-01T17:00:00+08:00") { id } }`, { id: postMessage.id });
    const { createWorkOrder } = await hub.ok(`mutation($appealId: ID!, $t: String!) { createWorkOrder(input: { appealChannel: BOARD, appealId: $appealId,
      responsibleAgencyId: "th-housing", title: $t, regionCode: "220502", location: $t, plannedStart: "2022-09-10", plannedEnd: "2022-09-30", note: $t }) { id } }`,
      { appealId: postMessage.id, t: TEXT });
    const { workOrder } = await hub.ok(`query($id: ID!) { workOrder(id: $id) { title location timeline { note } } }`, { id: createWorkOrder.id }, hub.as(HANDLER));
    expect(workOrder).toEqual({ title: TEXT_MASKED, location: TEXT_MASKED, timeline: [{ note: TEXT_MASKED }] });
    const log = await eventLog(createWorkOrder.id);
    expect(log.map((e) => e.payload.note)).toEqual([TEXT_MASKED]);
    expectNoRaw(log);
  });
});
