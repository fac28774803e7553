import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, rowsOf } from '@civicgraph/platform';
import { eventually } from './support/eventually.ts';
import { startTestHub, type TestHub } from './support/hub.ts';
import { Open311Client } from './support/open311-client.ts';

// Open311 GeoReport v2 through the gateway, read with a client written from the spec, in JSON and
// XML, as an integrator, as agency staff, anonymously, and with bad input.
const clock = fixedClock(new Date('2022-09-05T09:00:00+08:00'));
let hub: TestHub;
let base: string;
let integrator: Open311Client;
let anonymous: Open311Client;
/** Numbers of the fixtures: a Tonghua hotline ticket assigned to the housing bureau, a rejected Tonghua board message. */
let ticket: string;
let message: string;

beforeAll(async () => {
  hub = await startTestHub({ only: ['agencies', 'board', 'hotline', 'supervision'], clock });
  base = hub.url.replace('/graphql', '/open311/v2');
  integrator = new Open311Client(base, await hub.token({ role: 'integrator', subject: 'integrator:acme' }));
  anonymous = new Open311Client(base);
  const agent = hub.as({ role: 'hotline_agent', agency: 'th-mayor-hotline', subject: 'agent:th-01' });
  const { recordCall } = await hub.ok(`mutation { recordCall(input: { hotlineId: "th-mayor-hotline", seatId: "th-mayor-hotline-01",
    agentHandle: "agent:th-01", durationSeconds: 120, callerPhone: "13904351234", callerName: "赵先生", outcome: TICKET_OPENED,
    ticket: { title: "东昌区停水", content: "小区停水一天", categoryId: "water.outage", regionCode: "220502" } }) { ticket { id number } } }`, {}, agent);
  ticket = recordCall.ticket.number;
  await hub.ok(`mutation($id: ID!) { acceptTicket(id: $id) { id } }`, { id: recordCall.ticket.id }, agent);
  await hub.ok(`mutation($id: ID!) { assignTicket(id: $id, agencyId: "th-housing") { id } }`, { id: recordCall.ticket.id }, agent);
  const { postMessage } = await hub.ok(`mutation { postMessage(input: { boardId: "th-secretary", title: "东昌区人行道破损",
    content: "人行道砖块松动", regionCode: "220502", category: "城乡建设", contact: { name: "王小明", phone: "13804351234" } }) { id number } }`, {},
    hub.as({ role: 'citizen', subject: 'citizen:alice' }));
  message = postMessage.number;
  await hub.ok(`mutation($id: ID!) { rejectMessage(id: $id, reason: "重复留言") { id } }`, { id: postMessage.id });
  await eventually(() => hub.ok(`{ cases { totalCount } }`), (d) => d.cases.totalCount === 2);
});
afterAll(() => hub?.stop());

/** What a POST could write: clues, messages, and the channels' events (the ledger writes its own events as it catches up). */
async function counts() {
  const [row] = rowsOf<{ clues: number; messages: number; events: number }>(await hub.services.database.db.execute(sql`select
    (select count(*)::int from supervision.clues) as clues,
    (select count(*)::int from board.messages) as messages,
    (select count(*)::int from events.event_log where type = 'AppealTransitioned') as events`));
  return row!;
}

/** A valid request for the integrator to post (the Changchun Chaoyang district, a water outage). */
const WATER = { service_code: 'water.outage', description: '朝阳区红旗街停水两天，"没有通知", 老人喝水困难', address_id: '220104', first_name: '丽', last_name: '李', phone: '13604351234' };

describe('Open311 GeoReport v2', () => {
  it('answers discovery, services and a service definition, the same in JSON and XML, to anyone', async () => {
    for (const format of ['json', 'xml'] as const) {
      const discovery = await anonymous.discovery(format);
      expect(discovery.status).toBe(200);
      expect(discovery.body.endpoints).toEqual([expect.objectContaining({ url: base, specification: 'http://wiki.open311.org/GeoReport_v2', formats: ['application/json', 'text/xml'] })]);
    }
    const { categories } = await hub.ok(`{ categories { children { id } } }`, {}, {});
    const json = await anonymous.services('json');
    const xml = await anonymous.services('xml');
    expect(json.contentType).toMatch(/^application\/json/);
    expect(xml.contentType).toMatch(/^text\/xml/);
    expect(json.body).toHaveLength(categories.flatMap((c: { children: unknown[] }) => c.children).length);
    expect(xml.body).toEqual(json.body);
    expect(json.body.find((s: { service_code: string }) => s.service_code === 'water.outage')).toEqual({
      service_code: 'water.outage', service_name: '停水', description: expect.stringContaining('供水/停水'), metadata: true, type: 'realtime',
      keywords: expect.stringContaining('Water outage'), group: '供水',
    });

    const { boards } = await hub.ok(`{ boards { id } }`, {}, {});
    const definition = await anonymous.serviceDefinition('water.outage', 'json');
    expect((await anonymous.serviceDefinition('water.outage', 'xml')).body).toEqual(definition.body);
    expect(definition.body.service_code).toBe('water.outage');
    expect(definition.body.attributes.map((a: { code: string }) => a.code)).toEqual(['title', 'board']);
    expect(definition.body.attributes[1].values.map((v: { key: string }) => v.key).sort()).toEqual(boards.map((b: { id: string }) => b.id).sort());
  });

  it('answers an unknown service or resource with 404 and the spec\'s error list, in either format', async () => {
    for (const format of ['json', 'xml'] as const) {
      const unknown = await anonymous.serviceDefinition('water.no-such-thing', format);
      expect([unknown.status, unknown.body]).toEqual([404, [{ code: 404, description: expect.stringContaining('water.no-such-thing') }]]);
      const missing = await integrator.request('HOT-2022-999999', format);
      expect([missing.status, missing.body]).toEqual([404, [{ code: 404, description: expect.stringContaining('HOT-2022-999999') }]]);
    }
    const resource = await fetch(`${base}/tickets.json`);
    expect(resource.status).toBe(404);
    expect(await resource.json()).toEqual([{ code: 404, description: expect.any(String) }]);
    const method = await fetch(`${base}/services.json`, { method: 'DELETE' });
    expect(method.status).toBe(405);
  });

  it('creates a request as an integrator on the supervision platform, with the citizen\'s data masked', async () => {
    const before = await counts();
    const created = await integrator.create(WATER, 'xml');
    expect(created.status).toBe(201);
    expect(created.body).toEqual([{ service_request_id: expect.stringMatching(/^SUP-2022-\d{6}$/), service_notice: expect.stringContaining('24'), account_id: null }]);
    const number = created.body[0].service_request_id as string;
    const after = await counts();
    expect([after.clues - before.clues, after.messages - before.messages]).toEqual([1, 0]);

    const { clueByNumber } = await hub.ok(`query($n: String!) { clueByNumber(number: $n) { category regionCode: region { code } title content reporterName reporterPhone } }`, { n: number });
    expect(clueByNumber).toEqual({ category: '供水/停水', regionCode: { code: '220104' }, title: '朝阳区红旗街停水两天，"没有通知", 老人喝水困难', content: WATER.description, reporterName: '李*', reporterPhone: '136****1234' });

    const read = await eventually(() => integrator.request(number), (r) => r.status === 200);
    expect(read.body).toEqual([expect.objectContaining({
      service_request_id: number, status: 'open', service_code: 'water.outage', service_name: '供水/停水', agency_responsible: null,
      address: '朝阳区', address_id: '220104', requested_datetime: '2022-09-05T01:00:00.000Z', expected_datetime: null,
    })]);
    expect(JSON.stringify(read.body)).not.toMatch(/李丽|13604351234/);
  });

  it('posts to a leader\'s board for a citizen\'s own token (Authorization header), not for an integrator', async () => {
    const before = await counts();
    const refused = await integrator.create({ ...WATER, address_id: '220502', 'attribute[board]': 'th-secretary' });
    expect([refused.status, refused.body[0].code]).toEqual([403, 403]);
    expect(await counts()).toEqual(before);

    const response = await fetch(`${base}/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(await hub.as({ role: 'citizen', subject: 'citizen:li' })) },
      body: new URLSearchParams({ ...WATER, address_id: '220502', 'attribute[board]': 'th-secretary', 'attribute[title]': '东昌区停水' }),
    });
    expect(response.status).toBe(201);
    const [{ service_request_id: number }] = await response.json();
    expect(number).toMatch(/^BRD-2022-/);
    const { messageByNumber } = await hub.ok(`query($n: String!) { messageByNumber(number: $n) { title board { id } posterName posterPhone } }`, { n: number });
    expect(messageByNumber).toEqual({ title: '东昌区停水', board: { id: 'th-secretary' }, posterName: '李*', posterPhone: '136****1234' });
  });

  it('refuses bad and unauthorised requests with 400 or 403 and writes nothing', async () => {
    const dashboard = new Open311Client(base, await hub.token({ role: 'dashboard', subject: 'dashboard:jl' }));
    const before = await counts();
    const refusals: [string, Promise<{ status: number; body: any }>, number][] = [
      ['no service_code', integrator.create({ ...WATER, service_code: '' }), 400],
      ['unknown service_code', integrator.create({ ...WATER, service_code: 'water.nothing' }), 400],
      ['a domain, not a service', integrator.create({ ...WATER, service_code: 'water' }), 400],
      ['no description', integrator.create({ ...WATER, description: ' ' }), 400],
      ['description over 4000', integrator.create({ ...WATER, description: '水'.repeat(4001) }), 400],
      ['no location', integrator.create({ ...WATER, address_id: '' }), 400],
      ['unknown region', integrator.create({ ...WATER, address_id: '999999' }), 400],
      ['unknown board', integrator.create({ ...WATER, 'attribute[board]': 'nobody' }), 400],
      ['another jurisdiction', integrator.create({ ...WATER, jurisdiction_id: 'sf.gov' }), 404],
      ['no api_key', anonymous.create(WATER), 403],
      ['a token that may not submit', dashboard.create(WATER), 403],
      ['a forged api_key', new Open311Client(base, 'not-a-token').create(WATER, 'xml'), 403],
    ];
    for (const [name, call, status] of refusals) {
      const { status: got, body } = await call;
      expect([name, got, body]).toEqual([name, status, [{ code: status, description: expect.any(String) }]]);
    }
    const json = await fetch(`${base}/requests.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(WATER) });
    expect(json.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('lists requests of every channel with the spec\'s filters, the same in JSON and XML', async () => {
    // The fixtures and the two requests posted above, once the ledger has followed them.
    await eventually(() => hub.ok(`{ cases { totalCount } }`), (d) => d.cases.totalCount === 4);
    const all = await integrator.requests();
    expect(all.status).toBe(200);
    const numbers = all.body.map((r: { service_request_id: string }) => r.service_request_id);
    expect(numbers).toEqual(expect.arrayContaining([ticket, message]));
    expect((await integrator.requests({}, 'xml')).body).toEqual(all.body);

    const hotline = all.body.find((r: { service_request_id: string }) => r.service_request_id === ticket);
    expect(hotline).toEqual(expect.objectContaining({
      status: 'open', service_code: 'water.outage', agency_responsible: '通化市住建局', address: '东昌区', address_id: '220502',
      expected_datetime: expect.stringMatching(/^2022-09-0[56]T/), status_notes: expect.stringContaining('assigned'),
    }));
    const closed = await integrator.requests({ status: 'closed' });
    expect(closed.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([message]);
    expect(closed.body[0]).toEqual(expect.objectContaining({ status: 'closed', service_name: '城乡建设', service_code: null }));
    const open = await integrator.requests({ status: 'open' });
    expect(open.body.map((r: { status: string }) => r.status)).toEqual(open.body.map(() => 'open'));
    expect(open.body.length + 1).toBe(all.body.length);

    const water = await integrator.requests({ service_code: 'water.outage,water.quality' });
    expect(water.body.length).toBeGreaterThan(0);
    expect(water.body.every((r: { service_code: string }) => r.service_code === 'water.outage')).toBe(true);
    expect(water.body.map((r: { service_request_id: string }) => r.service_request_id)).toContain(ticket);

    const byId = await integrator.requests({ service_request_id: `${message},${ticket}`, status: 'open' });
    expect(byId.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([message, ticket]);

    const window = await integrator.requests({ start_date: '2022-09-05T00:00:00+08:00', end_date: '2022-09-06T00:00:00+08:00' });
    expect(window.body).toHaveLength(all.body.length);
    const before = await integrator.requests({ end_date: '2022-09-01T00:00:00+08:00' });
    expect(before.body).toEqual([]);
    expect((await integrator.requests({ end_date: '2022-09-01T00:00:00+08:00' }, 'xml')).body).toEqual([]);
  });

  it('refuses bad filters with 400', async () => {
    const bad: Record<string, string>[] = [
      { start_date: 'yesterday' }, { end_date: '2022-13-45' }, { start_date: '2022-09-06', end_date: '2022-09-01' },
      { status: 'pending' }, { service_code: 'water.nothing' },
    ];
    for (const filters of bad) {
      const { status, body } = await integrator.requests(filters);
      expect([filters, status, body]).toEqual([filters, 400, [{ code: 400, description: expect.any(String) }]]);
    }
  });

  it('applies the graph\'s row scoping: staff see their agency\'s requests, the public none', async () => {
    const tonghua = new Open311Client(base, await hub.token({ role: 'handler', agency: 'th-housing', subject: 'handler:th' }));
    const changchun = new Open311Client(base, await hub.token({ role: 'handler', agency: 'cc-housing', subject: 'handler:cc' }));
    const seen = async (client: Open311Client) => (await client.requests()).body.map((r: { address_id: string }) => r.address_id);
    const tonghuaSees = await seen(tonghua);
    expect(tonghuaSees.length).toBeGreaterThanOrEqual(2);
    expect(tonghuaSees.every((code: string) => code.startsWith('2205'))).toBe(true);
    expect((await seen(changchun)).every((code: string) => code.startsWith('2201'))).toBe(true);
    expect((await changchun.request(ticket)).status).toBe(404);
    expect((await tonghua.request(ticket)).status).toBe(200);

    for (const format of ['json', 'xml'] as const) {
      const refused = await anonymous.requests({}, format);
      expect([refused.status, refused.body]).toEqual([403, [{ code: 403, description: expect.stringContaining('api_key') }]]);
    }
    expect((await anonymous.request(ticket)).status).toBe(403);
  });
});
