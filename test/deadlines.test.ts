import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '@civicgraph/platform';
import { startTestHub, type TestHub } from './support/hub.ts';

/**
 * Board and supervision deadlines by rule, on the official calendar, when the forward or transfer
 * names none (a named deadline still wins). Steps go as an administrator: roles are tested elsewhere.
 */
const clock = fixedClock(new Date('2024-09-27T10:00:00+08:00'));
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ only: ['agencies', 'board', 'supervision'], clock });
});
afterAll(() => hub?.stop());

async function postAndAccept(category: string | null) {
  const { postMessage } = await hub.ok(`mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`, {
    input: { boardId: 'th-mayor', title: '人行道破损', content: '东昌区新华路人行道砖松动', regionCode: '220502', category },
  });
  await hub.ok(`mutation($id: ID!) { acceptMessage(id: $id) { status } }`, { id: postMessage.id });
  return postMessage.id as string;
}
const forward = async (id: string, dueAt?: string) =>
  (
    await hub.ok(`mutation($id: ID!, $dueAt: DateTime) { forwardMessage(id: $id, agencyId: "th-dongchang-housing", dueAt: $dueAt) { status dueAt } }`, {
      id,
      dueAt,
    })
  ).forwardMessage;

async function acceptedClue(sensitivity: string) {
  const { submitClue } = await hub.ok(`mutation($input: SubmitClueInput!) { submitClue(input: $input) { id } }`, {
    input: { title: '供暖不热', content: '室温不足18度', regionCode: '220102', sensitivity },
  });
  await hub.ok(`mutation($id: ID!) { acceptClue(id: $id) { status } }`, { id: submitClue.id });
  return submitClue.id as string;
}
const transfer = async (id: string) =>
  (await hub.ok(`mutation($id: ID!) { transferClue(id: $id, agencyId: "cc-nanguan-housing") { status dueAt } }`, { id })).transferClue;

/** DateTime values compared as instants, whatever offset the server writes them in. */
const instant = (value: string) => new Date(value).toISOString();

describe('deadlines by rule', () => {
  it('gives a forwarded board message 15 working days, across National Day and its make-up days', async () => {
    // From Friday 2024-09-27: Sunday 29 September is worked, 1–7 October are off, Saturday 12 October is worked.
    const forwarded = await forward(await postAndAccept(null));
    expect(forwarded.status).toBe('ASSIGNED');
    expect(instant(forwarded.dueAt)).toBe(instant('2024-10-23T10:00:00+08:00'));
  });

  it('gives heating messages their own rule, and keeps a deadline the forward names', async () => {
    clock.set(new Date('2024-11-20T10:00:00+08:00'));
    expect(instant((await forward(await postAndAccept('供暖'))).dueAt)).toBe(instant('2024-11-27T10:00:00+08:00'));
    expect(instant((await forward(await postAndAccept('供暖'), '2024-12-20T17:00:00+08:00')).dueAt)).toBe(instant('2024-12-20T17:00:00+08:00'));
  });

  it('sets a transferred clue’s deadline by its sensitivity, across the year end and the 2026 New Year', async () => {
    clock.set(new Date('2025-12-30T10:00:00+08:00'));
    // SENSITIVE: 5 working days — 31 Dec, (1–3 Jan off), Sunday 4 Jan made up, 5, 6, 7 Jan.
    const sensitive = await transfer(await acceptedClue('SENSITIVE'));
    expect(sensitive.status).toBe('ASSIGNED');
    expect(instant(sensitive.dueAt)).toBe(instant('2026-01-07T10:00:00+08:00'));
    expect(instant((await transfer(await acceptedClue('GENERAL'))).dueAt)).toBe(instant('2026-01-21T10:00:00+08:00'));
  });
});
