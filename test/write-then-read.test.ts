import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub.ts';

/*
 * A caller allowed to make a change but not to read a record it points at: the change is reported
 * as made, with null for that record — never an error beside a committed change.
 */
let hub: TestHub;
const engineeringOffice = () => hub.as({ role: 'handler', agency: 'th-municipal-eng', subject: 'handler:th-municipal-eng' });
const heatingCompany = () => hub.as({ role: 'handler', agency: 'cc-heating-co', subject: 'handler:cc-heating-co' });
const housingBureau = (agency: string) => hub.as({ role: 'handler', agency, subject: `handler:${agency}` });

beforeAll(async () => {
  hub = await startTestHub({ only: ['agencies', 'board', 'hotline', 'housing', 'heating'] });
});
afterAll(() => hub?.stop());

describe('a write by a caller who may not read what it points at', () => {
  it('starts and completes a municipal engineering office’s work order, the message it answers null', async () => {
    const { postMessage } = await hub.ok(`mutation { postMessage(input: { boardId: "th-secretary", regionCode: "220502",
      title: "人行道破损", content: "育红小学门前人行道破损。" }) { id } }`);
    const messageId = postMessage.id as string;
    await hub.ok(`mutation($id: ID!) { a: acceptMessage(id: $id) { id } f: forwardMessage(id: $id, agencyId: "th-housing") { id } }`, { id: messageId });
    await hub.ok('mutation($id: ID!) { acknowledgeMessage(id: $id) { id } }', { id: messageId });
    const { createWorkOrder } = await hub.ok(`mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id } }`, {
      input: {
        appealChannel: 'BOARD', appealId: messageId, responsibleAgencyId: 'th-housing', executingAgencyId: 'th-municipal-eng',
        title: '人行道恢复工程', regionCode: '220502', location: '育红小学门前', plannedStart: '2022-07-25', plannedEnd: '2022-08-23',
      },
    }, housingBureau('th-housing'));
    const id = createWorkOrder.id as string;
    const VIEW = 'status message { id status } responsibleAgency { name } executingUnit { name }';

    const started = await hub.query(`mutation($id: ID!) { startWorkOrder(id: $id) { ${VIEW} } }`, { id }, engineeringOffice());
    expect(started.errors).toBeUndefined();
    expect(started.data?.startWorkOrder).toEqual({
      status: 'IN_PROGRESS', message: null, responsibleAgency: { name: '通化市住建局' }, executingUnit: { name: '通化市市政工程管理处' },
    });
    const completed = await hub.query(`mutation($id: ID!) { completeWorkOrder(id: $id) { ${VIEW} } }`, { id }, engineeringOffice());
    expect(completed.errors).toBeUndefined();
    expect(completed.data?.completeWorkOrder).toMatchObject({ status: 'COMPLETED', message: null });
    // The responsible bureau, which handles the message, reads it on the same order.
    const read = await hub.ok(`query($id: ID!) { workOrder(id: $id) { ${VIEW} } }`, { id }, housingBureau('th-housing'));
    expect(read.workOrder).toMatchObject({ status: 'COMPLETED', message: { id: messageId, status: 'IN_PROGRESS' } });
  });

  it('lets a heating company work and read its order, the hotline ticket it answers null', async () => {
    const { recordCall } = await hub.ok(`mutation { recordCall(input: { hotlineId: "cc-mayor-hotline", seatId: "cc-mayor-hotline-01",
      agentHandle: "agent:cc-001", durationSeconds: 200, callerPhone: "13812345678", outcome: TICKET_OPENED,
      ticket: { title: "暖气不热", content: "室温只有十五度", categoryId: "heating.room-temperature", regionCode: "220104" } }) { ticket { id } } }`);
    const ticketId = recordCall.ticket.id as string;
    await hub.ok(`mutation($id: ID!) { a: acceptTicket(id: $id) { id } s: assignTicket(id: $id, agencyId: "cc-chaoyang-housing") { id } }`, { id: ticketId });
    const { createHeatingOrder } = await hub.ok(`mutation($input: CreateHeatingOrderInput!) { createHeatingOrder(input: $input) { id } }`, {
      input: { appealChannel: 'HOTLINE', appealId: ticketId, companyId: 'cc-heating-co', supervisingAgencyId: 'cc-chaoyang-housing', regionCode: '220104', address: '长春市朝阳区某小区' },
    }, housingBureau('cc-chaoyang-housing'));
    const id = createHeatingOrder.id as string;
    const VIEW = 'status ticket { id status } company { name } supervisingAgency { name }';

    const started = await hub.query(`mutation($id: ID!) { startHeatingInspection(id: $id) { ${VIEW} } }`, { id }, heatingCompany());
    expect(started.errors).toBeUndefined();
    expect(started.data?.startHeatingInspection).toEqual({
      status: 'INSPECTING', ticket: null, company: { name: '朝阳区供热公司' }, supervisingAgency: { name: '朝阳区住建局' },
    });
    const read = await hub.query(`query($id: ID!) { heatingOrder(id: $id) { ${VIEW} } }`, { id }, heatingCompany());
    expect(read.errors).toBeUndefined();
    expect(read.data?.heatingOrder).toMatchObject({ status: 'INSPECTING', ticket: null });
    const bureau = await hub.ok(`query($id: ID!) { heatingOrder(id: $id) { ${VIEW} } }`, { id }, housingBureau('cc-chaoyang-housing'));
    expect(bureau.heatingOrder).toMatchObject({ status: 'INSPECTING', ticket: { id: ticketId, status: 'ASSIGNED' } });
  });
});
