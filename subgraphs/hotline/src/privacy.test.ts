import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import { maskPhone, normalizePhone, rowsOf } from '@civicgraph/platform';
import { startTestSubgraph, type TestSubgraph } from '@civicgraph/platform/testing';
import { subgraph } from './server.ts';
import { callInput, hotlineClient } from './test-support.ts';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(subgraph, { prepare: [agencies], now: new Date('2022-07-18T09:00:00+08:00') });
});
afterAll(() => sg?.stop());

const { act, recordCall } = hotlineClient(() => sg);

/** Callers as they give their numbers, the digits that must never come back, and how they are shown. */
const CALLERS = [
  { given: '13812341234', digits: '13812341234', shown: '138****1234', name: '孙先生', masked: '孙**' },
  { given: '+86 139-4341-2345', digits: '13943412345', shown: '139****2345', name: '王女士', masked: '王**' },
  { given: '0434-5261234', digits: '04345261234', shown: '043****1234', name: '赵桂英', masked: '赵**' },
];

describe('caller phone numbers', () => {
  it('normalizes what callers give and masks it as 138****1234', () => {
    expect(CALLERS.map((c) => normalizePhone('callerPhone', c.given))).toEqual(CALLERS.map((c) => c.digits));
    expect(CALLERS.map((c) => maskPhone(c.digits))).toEqual(CALLERS.map((c) => c.shown));
  });

  it('stores the number in full but no response ever contains it, and no event contains the number or the name', async () => {
    const responses: unknown[] = [];
    const ticketIds: string[] = [];
    for (const caller of CALLERS) {
      const response = await recordCall(
        callInput({ callerPhone: caller.given, callerName: caller.name, summary: `${caller.name}来电反映农田被淹` }, { regionCode: '220322', categoryId: 'agriculture.farmland-water' }),
        'id callerPhone callerName ticket { id call { callerPhone } calls { callerPhone } }',
      );
      responses.push(response);
      const call = response.data!.recordCall;
      expect(call).toMatchObject({ callerPhone: caller.shown, callerName: caller.masked, ticket: { call: { callerPhone: caller.shown }, calls: [{ callerPhone: caller.shown }] } });
      ticketIds.push(call.ticket.id);
    }
    // The ticket moves, so its events carry every kind of payload a hotline writes.
    for (const id of ticketIds) {
      await act('acceptTicket(id: $id)', { id });
      await act('assignTicket(id: $id)', { id });
      responses.push(await recordCall(callInput({ outcome: 'FOLLOW_UP', ticketId: id, callerPhone: CALLERS[0]!.given }, null), 'callerPhone ticket { number }'));
    }
    responses.push(await sg.query(`{ calls(first: 50) { edges { node { id callerPhone callerName summary ticket { title content timeline { note } } } } } }`));
    responses.push(await sg.query(`{ tickets(first: 50) { edges { node { call { callerPhone } calls { callerPhone } } } } }`));

    const text = JSON.stringify(responses);
    for (const caller of CALLERS) {
      expect(text).not.toContain(caller.digits);
      expect(text).toContain(caller.shown);
    }

    const stored = rowsOf<{ caller_phone: string }>(await sg.services.database.db.execute(sql`select caller_phone from hotline.calls order by started_at, caller_phone`));
    expect(new Set(stored.map((r) => r.caller_phone))).toEqual(new Set(CALLERS.map((c) => c.digits)));

    const events = rowsOf<{ payload: unknown }>(await sg.services.database.db.execute(sql`select payload from events.event_log where source = 'hotline'`));
    expect(events.length).toBe(9);
    const log = JSON.stringify(events);
    for (const caller of CALLERS) {
      expect(log).not.toContain(caller.digits);
      expect(log).not.toContain(caller.digits.slice(-4));
      expect(log).not.toContain(caller.name);
    }
  });

  it('has no field that could return a number unmasked', async () => {
    const schema = await sg.query('{ __schema { types { name fields { name } inputFields { name } } } }');
    const phoneFields = schema.data!.__schema.types.flatMap((t: { name: string; fields: { name: string }[] | null }) =>
      (t.fields ?? []).filter((f) => /phone/i.test(f.name)).map((f) => `${t.name}.${f.name}`),
    );
    // RevealedContact.phone is returned only by the audited revealCaller (see access.test.ts).
    expect(phoneFields.sort()).toEqual(['Call.callerPhone', 'Hotline.phoneNumber', 'RevealedContact.phone']);
  });
});
