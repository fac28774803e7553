import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '@civicgraph/platform';
import { eventually } from './support/eventually.ts';
import { startTestHub, type TestHub } from './support/hub.ts';

// The open data export through the gateway: CSV with a BOM, the rows each role may read and no
// personal data, quoting of Chinese text with commas, quotes and newlines, and the anonymous
// aggregate per agency and month.
const clock = fixedClock(new Date('2022-09-05T09:00:00+08:00'));
let hub: TestHub;
let casesUrl: string;
let kpisUrl: string;
// Quotes and a comma must survive CSV quoting (titles are single-line since text validation).
const AWKWARD = '红旗街"停水",已三天，无人处理';
/** The Tonghua ticket's whole lifecycle, closed satisfied before its deadline. */
let ticket: string;
const EXTRA_CLUES = 105;

beforeAll(async () => {
  hub = await startTestHub({ only: ['agencies', 'board', 'hotline', 'supervision'], clock });
  const base = hub.url.replace('/graphql', '');
  [casesUrl, kpisUrl] = [`${base}/export/cases.csv`, `${base}/export/kpis.csv`];
  const agent = hub.as({ role: 'hotline_agent', agency: 'th-mayor-hotline', subject: 'agent:th-01' });
  const { recordCall } = await hub.ok(`mutation { recordCall(input: { hotlineId: "th-mayor-hotline", seatId: "th-mayor-hotline-01",
    agentHandle: "agent:th-01", durationSeconds: 120, callerPhone: "13904351234", callerName: "赵先生", outcome: TICKET_OPENED,
    ticket: { title: "东昌区停水", content: "小区停水一天", categoryId: "water.outage", regionCode: "220502" } }) { ticket { id number } } }`, {}, agent);
  ticket = recordCall.ticket.number;
  const id = recordCall.ticket.id;
  for (const step of [
    `acceptTicket(id: $id)`, `assignTicket(id: $id, agencyId: "th-housing")`, `acknowledgeTicket(id: $id)`, `submitTicketReply(id: $id, content: "已恢复供水")`,
    `approveTicketReply(id: $id)`, `recordTicketReturnVisit(id: $id, satisfaction: SATISFIED)`, `closeTicket(id: $id)`,
  ]) await hub.ok(`mutation($id: ID!) { r: ${step} { id } }`, { id });
  await hub.ok(`mutation { postMessage(input: { boardId: "th-secretary", title: "东昌区人行道破损", content: "人行道砖块松动", regionCode: "220502",
    contact: { name: "王小明", phone: "13804351234" } }) { id } }`, {}, hub.as({ role: 'citizen', subject: 'citizen:alice' }));
  const supervisor = hub.as({ role: 'supervisor', agency: 'jl-gov-supervision', subject: 'supervisor:jl' });
  await hub.ok(`mutation($title: String!) { submitClue(input: { title: $title, content: "停水", regionCode: "220104", reporterName: "李丽", reporterPhone: "13604351234" }) { id } }`,
    { title: AWKWARD }, supervisor);
  // More than one page (100 rows) of the graph's cases.
  for (let i = 0; i < EXTRA_CLUES; i++) {
    await hub.ok(`mutation($title: String!) { submitClue(input: { title: $title, content: "路灯不亮", regionCode: "220104" }) { id } }`, { title: `朝阳区路灯${i}` }, supervisor);
  }
  await eventually(() => hub.ok(`{ cases(filter: { status: [CLOSED] }) { totalCount } } `), (d) => d.cases.totalCount === 1);
  await eventually(() => hub.ok(`{ cases { totalCount } }`), (d) => d.cases.totalCount === EXTRA_CLUES + 3);
}, 120_000);
afterAll(() => hub?.stop());

async function download(url: string, headers: Record<string, string> | Promise<Record<string, string>> = {}) {
  const response = await fetch(url, { headers: await headers });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, type: response.headers.get('content-type'), bytes, text: bytes.toString('utf8') };
}

const rowsOf = (bytes: Buffer) => parse(bytes, { bom: true, columns: true }) as Record<string, string>[];

describe('the open data export', () => {
  it('streams every readable case as CSV with a BOM, quoting Chinese text, across pages, without personal data', async () => {
    const csv = await download(casesUrl, hub.as({ role: 'supervisor', agency: 'jl-gov-supervision', subject: 'supervisor:jl' }));
    expect(csv.status).toBe(200);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = rowsOf(csv.bytes);
    expect(rows).toHaveLength(EXTRA_CLUES + 3);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['number', 'channel', 'title', 'status', 'region_code', 'assignee_name', 'due_at', 'overdue', 'satisfaction']));

    expect(rows.find((r) => r.title === AWKWARD)).toEqual(expect.objectContaining({ channel: 'SUPERVISION', region_code: '220104', region_name: '朝阳区', overdue: 'false' }));
    expect(csv.text).toContain('"红旗街""停水"",已三天，无人处理"');
    expect(rows.find((r) => r.number === ticket)).toEqual(expect.objectContaining({
      channel: 'HOTLINE', status: 'CLOSED', category: '供水/停水', assignee_id: 'th-housing', assignee_name: '通化市住建局', satisfaction: 'SATISFIED',
    }));
    // Posters', callers' and reporters' names and phones are nowhere, not even masked.
    expect(csv.text).not.toMatch(/王小明|王\*|赵先生|赵\*|李丽|李\*|1380435|1390435|1360435|\*\*\*\*/);
  });

  it('gives each role the rows `cases` gives it: a handler only their agency\'s, a citizen none, the public nothing', async () => {
    const tonghua = rowsOf((await download(casesUrl, hub.as({ role: 'handler', agency: 'th-housing', subject: 'handler:th' }))).bytes);
    expect(tonghua.map((r) => r.region_code).sort()).toEqual(['220502', '220502']);
    const changchun = rowsOf((await download(casesUrl, hub.as({ role: 'handler', agency: 'cc-housing', subject: 'handler:cc' }))).bytes);
    expect(changchun).toHaveLength(EXTRA_CLUES + 1);
    expect(changchun.every((r) => r.region_code === '220104')).toBe(true);
    const integrator = rowsOf((await download(casesUrl, hub.as({ role: 'integrator', subject: 'integrator:acme' }))).bytes);
    expect(integrator).toHaveLength(EXTRA_CLUES + 3);

    const citizen = await download(casesUrl, hub.as({ role: 'citizen', subject: 'citizen:alice' }));
    expect(citizen.status).toBe(200);
    expect(rowsOf(citizen.bytes)).toEqual([]);
    expect(citizen.text.split('\n')[0]).toMatch(/^\uFEFFid,number,channel,/);

    const anonymous = await download(casesUrl);
    expect(anonymous.status).toBe(401);
    expect((await download(casesUrl, { authorization: 'Bearer forged' })).status).toBe(401);
  });

  it('filters as `cases` does and refuses bad filters with 400', async () => {
    const admin = hub.as('admin:export');
    const hotline = rowsOf((await download(`${casesUrl}?channel=HOTLINE`, admin)).bytes);
    expect(hotline.map((r) => r.number)).toEqual([ticket]);
    const closed = rowsOf((await download(`${casesUrl}?status=CLOSED,REJECTED&regionCode=220500`, admin)).bytes);
    expect(closed.map((r) => r.number)).toEqual([ticket]);
    const tonghua = rowsOf((await download(`${casesUrl}?regionCode=220500&channel=BOARD,HOTLINE`, admin)).bytes);
    expect(tonghua.map((r) => r.channel).sort()).toEqual(['BOARD', 'HOTLINE']);
    const none = rowsOf((await download(`${casesUrl}?submittedTo=2022-09-01T00:00:00%2B08:00`, admin)).bytes);
    expect(none).toEqual([]);

    for (const query of ['status=DONE', 'channel=EMAIL', 'overdue=maybe', 'submittedFrom=yesterday', 'colour=red', 'submittedFrom=2022-09-06T00:00:00Z&submittedTo=2022-09-01T00:00:00Z']) {
      const response = await download(`${casesUrl}?${query}`, admin);
      expect([query, response.status]).toEqual([query, 400]);
    }
  });

  it('exports agency figures per month to anyone, matching Agency.kpis', async () => {
    const csv = await download(`${kpisUrl}?from=2022-08&to=2022-09`);
    expect(csv.status).toBe(200);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = rowsOf(csv.bytes);
    const { agency } = await hub.ok(`{ agency(id: "th-housing") { kpis(from: "2022-09-01T00:00:00+08:00", to: "2022-10-01T00:00:00+08:00") {
      assigned closed repliedOnTime satisfied satisfactionRate } } }`, {}, {});
    expect(agency.kpis).toEqual({ assigned: 1, closed: 1, repliedOnTime: 1, satisfied: 1, satisfactionRate: 1 });
    // Only agencies with appeals assigned in the month: the Tonghua housing bureau in September.
    expect(rows).toEqual([{
      agency_id: 'th-housing', agency_name: '通化市住建局', month: '2022-09', assigned: '1', completed: '1', completion_rate: '1.0000',
      replied: '1', replied_on_time: '1', on_time_rate: '1.0000', rated: '1', satisfied: '1', satisfaction_rate: '1.0000',
    }]);

    for (const query of ['', 'from=2022-13', 'from=2022-09&to=2022-01', 'from=2020-01&to=2025-12', 'from=2022-01&agency=x']) {
      const response = await download(`${kpisUrl}?${query}`);
      expect([query, response.status]).toEqual([query, 400]);
    }
    expect((await download(`${hub.url.replace('/graphql', '')}/export/people.csv`)).status).toBe(404);
  });
});

describe('the rate budget', () => {
  it('charges a surface request once, however many pages of the graph it reads', async () => {
    const limited = await startTestHub({ only: ['agencies', 'supervision'], clock, security: { limits: { rateLimit: 3, rateWindowSeconds: 60 } } });
    try {
      const url = limited.url.replace('/graphql', '/export/cases.csv');
      const supervisor = await limited.as({ role: 'supervisor', agency: 'jl-gov-supervision', subject: 'supervisor:rate' });
      for (let i = 0; i < 150; i++) {
        await limited.ok(`mutation($t: String!) { submitClue(input: { title: $t, content: "路灯不亮", regionCode: "220104" }) { id } }`, { t: `路灯${i}` },
          limited.as({ role: 'citizen', subject: `citizen:${i}` }));
      }
      // Each poll as its own reader, so waiting for the ledger spends no budget that matters.
      let poll = 0;
      await eventually(() => limited.ok(`{ cases { totalCount } }`, {}, limited.as(`admin:poll-${poll++}`)), (d) => d.cases.totalCount === 150);
      // Two pages of the graph each, three exports: the budget of three is spent, not six.
      for (let i = 0; i < 3; i++) {
        const csv = await download(url, supervisor);
        expect([i, csv.status, rowsOf(csv.bytes).length]).toEqual([i, 200, 150]);
      }
      const refused = await download(url, supervisor);
      expect(refused.status).toBe(429);
    } finally {
      await limited.stop();
    }
  }, 120_000);
});
