import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevTokenClaims } from '@civicgraph/gateway';
import { rowsOf } from '@civicgraph/platform';
import { eventually } from './support/eventually.ts';
import { startTestHub, type TestHub } from './support/hub.ts';
import { tableChecksums } from './support/table-checksums.ts';
import { badInputCorpus, type BadInputCase, type Caller } from './support/bad-input-cases.ts';

/*
 * The bad-input corpus through the gateway, each case as the caller a real office would send it
 * as: its HTTP status, its extensions.code (and field), and no row changed in any table of any
 * schema. The corpus is data (test/support/bad-input-cases.ts); this file only runs it.
 */
const CALLERS: Record<Exclude<Caller, 'anonymous'>, DevTokenClaims> = {
  citizen: { role: 'citizen', subject: 'citizen:corpus' },
  agent: { role: 'hotline_agent', agency: 'th-mayor-hotline', subject: 'agent:th-01' },
  handler: { role: 'handler', agency: 'th-housing', subject: 'handler:th-housing' },
  heatingBureau: { role: 'handler', agency: 'cc-chaoyang-housing', subject: 'handler:cc-chaoyang-housing' },
  supervisor: { role: 'supervisor', agency: 'jl-gov-supervision', subject: 'supervisor:jl' },
  admin: { role: 'admin', subject: 'admin:corpus' },
};

let hub: TestHub;
let corpus: BadInputCase[];
const headers: Partial<Record<Caller, Record<string, string>>> = { anonymous: {} };
beforeAll(async () => {
  hub = await startTestHub();
  for (const [caller, claims] of Object.entries(CALLERS)) headers[caller as Caller] = await hub.as(claims);
  // One real appeal, so that orders answering it reach their directory checks.
  const posted = await hub.ok(`mutation { postMessage(input: { boardId: "th-secretary", regionCode: "220502", title: "人行道破损", content: "门前人行道破损。" }) { id } }`,
    {}, headers.citizen);
  corpus = badInputCorpus({ appealId: posted.postMessage.id });
  // Consumers (the ledger among them) follow the event log: let every one reach its end before tables are compared.
  const behind = async () => rowsOf<{ n: number }>(await hub.services.database.db.execute(sql`select count(*)::int as n
    from events.consumer_positions p where (p.tx_id, p.seq) < (select tx_id, seq from events.event_log order by tx_id desc, seq desc limit 1)`))[0]!.n;
  await eventually(behind, (n) => n === 0);
});
afterAll(() => hub?.stop());

interface Answer {
  errors?: { message?: string; extensions?: { code?: string; field?: string } }[];
}

describe('the bad-input corpus', () => {
  it('has at least a hundred cases, each named once', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(100);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
  });

  it('answers every case with its status and code, and changes no row of any table', async () => {
    const db = hub.services.database.db;
    const outcomes: unknown[] = [];
    const expected: unknown[] = [];
    let before = await tableChecksums(db);
    for (const c of corpus) {
      const body = typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
      const response = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': c.contentType ?? 'application/json', ...headers[c.as] },
        body,
      });
      const text = await response.text();
      let answer: Answer = {};
      try {
        answer = JSON.parse(text) as Answer;
      } catch {
        // A refusal without a JSON body has no code: the comparison below shows it.
      }
      const error = answer.errors?.[0];
      const after = await tableChecksums(db);
      const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
      outcomes.push([c.name, response.status, error?.extensions?.code, c.field === undefined ? undefined : error?.extensions?.field, changed]);
      expected.push([c.name, c.status, c.code, c.field, []]);
      before = after;
    }
    expect(outcomes).toEqual(expected);
  });

  it('stores valid text as NFC, with the line breaks and tabs of long text kept', async () => {
    const { postMessage } = await hub.ok(`mutation($input: PostMessageInput!) { postMessage(input: $input) { title content } }`, {
      input: { boardId: 'cc-mayor', regionCode: '220104', title: ' Cafe\u0301门口路灯 ', content: '第一行\n\t第二行' },
    }, headers.citizen);
    expect(postMessage).toEqual({ title: 'Café门口路灯', content: '第一行\n\t第二行' });
  });
});
