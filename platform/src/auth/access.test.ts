import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type Database } from '../db/database.ts';
import { useAgencyDirectory } from '../directory.ts';
import { openTestDatabase, testIdentity } from '../testing.ts';
import { Access, type AppealAccessFacts } from './access.ts';
import { ANONYMOUS, type Identity } from './identity.ts';

// The one rule every subgraph applies, on a small agency tree:
//   cc-gov (Changchun, 220100) ─ cc-housing ─ cc-chaoyang-housing (220104)
//   th-housing (Tonghua, 220500)             cc-hotline (220100, under cc-gov)
let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.execute(sql`create table tree (id text primary key, region_code text not null, parent_id text)`);
  await database.db.execute(sql`create table appeals (id int primary key, assignee_id text, region_code text not null, author text, intake text, published boolean not null)`);
  await database.db.execute(sql`insert into tree values
    ('cc-gov', '220100', null), ('cc-housing', '220100', 'cc-gov'), ('cc-chaoyang-housing', '220104', 'cc-housing'),
    ('cc-hotline', '220100', 'cc-gov'), ('th-housing', '220500', null)`);
  await database.db.execute(sql`insert into appeals values
    (1, 'cc-chaoyang-housing', '220104', null, null, false),
    (2, 'th-housing', '220502', 'citizen:alice', null, false),
    (3, null, '220104', null, null, false),
    (4, null, '220502', null, null, false),
    (5, 'th-housing', '220502', null, null, true),
    (6, 'th-housing', '220502', null, 'cc-hotline', false)`);
});
afterAll(() => database?.close());

// The platform reads no subgraph's tables: this test gives it a directory over its own small tree.
useAgencyDirectory({
  agencyKinds: async () => new Map(),
  regionExists: async () => true,
  agencyNames: async () => new Map(),
  existingRegions: async (_db, codes) => new Set(codes),
  allKeys: async () => ({ regions: new Set(), agencies: new Set() }),
  agencySubtree: async (db, agencyId) =>
    rowsOf<{ id: string; region_code: string; depth: number }>(await db.execute(sql`
      with recursive sub as (select id, region_code, 0 as depth from tree where id = ${agencyId}
        union all select t.id, t.region_code, sub.depth + 1 from tree t join sub on t.parent_id = sub.id)
      select id, region_code, depth from sub`)).map((r) => ({ id: r.id, regionCode: r.region_code, depth: r.depth })),
});

const FACTS: Record<number, AppealAccessFacts> = {
  1: { assigneeId: 'cc-chaoyang-housing', regionCode: '220104' },
  2: { assigneeId: 'th-housing', regionCode: '220502', authorSubject: 'citizen:alice' },
  3: { assigneeId: null, regionCode: '220104' },
  4: { assigneeId: null, regionCode: '220502' },
  5: { assigneeId: 'th-housing', regionCode: '220502', isPublic: true },
  6: { assigneeId: 'th-housing', regionCode: '220502', intakeAgencyId: 'cc-hotline' },
};

async function visibleIds(identity: Identity): Promise<number[]> {
  const access = new Access(identity, database.db);
  const filter = await access.appealFilter({ assignee: sql`assignee_id`, region: sql`region_code`, author: sql`author`, intake: sql`intake`, isPublic: sql`published` });
  const rows = rowsOf<{ id: number }>(await database.db.execute(sql`select id from appeals ${filter ? sql`where ${filter}` : sql``} order by id`));
  const ids = rows.map((r) => r.id);
  // canSee must agree with the filter, row by row.
  const seen: number[] = [];
  for (const [id, facts] of Object.entries(FACTS)) if (await access.canSee(facts)) seen.push(Number(id));
  expect(seen).toEqual(ids);
  return ids;
}

describe('Access', () => {
  it('limits rows by role and agency reach', async () => {
    expect(await visibleIds(ANONYMOUS)).toEqual([5]);
    expect(await visibleIds(testIdentity('citizen', { subject: 'citizen:alice' }))).toEqual([2, 5]);
    expect(await visibleIds(testIdentity('handler', { agency: 'cc-housing' }))).toEqual([1, 3, 5]);
    expect(await visibleIds(testIdentity('handler', { agency: 'cc-chaoyang-housing' }))).toEqual([1, 3, 5]);
    expect(await visibleIds(testIdentity('reviewer', { agency: 'th-housing' }))).toEqual([2, 4, 5, 6]);
    expect(await visibleIds(testIdentity('hotline_agent', { agency: 'cc-hotline' }))).toEqual([3, 5, 6]);
    expect(await visibleIds(testIdentity('handler', { agency: 'cc-gov' }))).toEqual([1, 3, 5, 6]);
    for (const role of ['admin', 'supervisor', 'dashboard', 'integrator'] as const) {
      expect(await visibleIds(testIdentity(role))).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });

  it('lets each role take only its actions, within reach', async () => {
    const outcome = async (identity: Identity, action: Parameters<Access['requireAppealAction']>[0], id: number) => {
      try {
        await new Access(identity, database.db).requireAppealAction(action, FACTS[id]!);
        return 'ok';
      } catch (error) {
        return (error as { extensions: { code: string } }).extensions.code;
      }
    };
    const chaoyang = testIdentity('handler', { agency: 'cc-chaoyang-housing' });
    expect(await outcome(ANONYMOUS, 'accept', 3)).toBe('UNAUTHENTICATED');
    expect(await outcome(chaoyang, 'accept', 3)).toBe('ok'); // unassigned, from its district
    expect(await outcome(chaoyang, 'submitReply', 1)).toBe('ok');
    expect(await outcome(testIdentity('handler', { agency: 'cc-housing' }), 'submitReply', 1)).toBe('ok'); // a sub-agency's appeal
    expect(await outcome(chaoyang, 'submitReply', 2)).toBe('FORBIDDEN'); // another city's
    // The handling agency never reviews its own reply, with or without an office keeping the appeal.
    expect(await outcome(testIdentity('reviewer', { agency: 'th-housing' }), 'approveReply', 2)).toBe('FORBIDDEN');
    expect(await outcome(testIdentity('reviewer', { agency: 'th-housing' }), 'approveReply', 6)).toBe('FORBIDDEN');
    expect(await outcome(testIdentity('reviewer', { agency: 'cc-housing' }), 'approveReply', 1)).toBe('FORBIDDEN'); // above the handler
    expect(await outcome(testIdentity('reviewer', { agency: 'cc-hotline' }), 'approveReply', 6)).toBe('ok');
    expect(await outcome(testIdentity('reviewer', { agency: 'th-housing' }), 'submitReply', 2)).toBe('FORBIDDEN');
    expect(await outcome(testIdentity('reviewer', { agency: 'cc-housing' }), 'approveReply', 2)).toBe('FORBIDDEN');
    expect(await outcome(testIdentity('dashboard'), 'close', 1)).toBe('FORBIDDEN');
    expect(await outcome(testIdentity('citizen', { subject: 'citizen:alice' }), 'close', 2)).toBe('FORBIDDEN');
    expect(await outcome(testIdentity('supervisor'), 'approveReply', 2)).toBe('ok');
    // The receiving office keeps the return visit of what it assigned elsewhere, not the handling.
    const hotline = testIdentity('hotline_agent', { agency: 'cc-hotline' });
    expect(await outcome(hotline, 'close', 6)).toBe('ok');
    expect(await outcome(hotline, 'followUp', 6)).toBe('ok');
    expect(await outcome(testIdentity('handler', { agency: 'cc-hotline' }), 'submitReply', 6)).toBe('FORBIDDEN');
    expect(await outcome(hotline, 'close', 5)).toBe('FORBIDDEN');
  });

  it('refuses a forward within the caller’s own agency tree (SELF_DISPATCH), not one outside it', async () => {
    const forwardTo = async (identity: Identity, agencyId: string) => {
      try {
        await new Access(identity, database.db).requireForwardTarget(agencyId);
        return 'ok';
      } catch (error) {
        return (error as { extensions: { code: string; field?: string } }).extensions;
      }
    };
    const gov = testIdentity('hotline_agent', { agency: 'cc-gov' });
    expect(await forwardTo(gov, 'cc-gov')).toEqual({ code: 'SELF_DISPATCH', field: 'agencyId', agency: 'cc-gov', agencyId: 'cc-gov' });
    expect(await forwardTo(gov, 'cc-chaoyang-housing')).toMatchObject({ code: 'SELF_DISPATCH' }); // below it
    expect(await forwardTo(gov, 'th-housing')).toBe('ok');
    // Up to the office above is another agency: the hotline office forwards to the government office it belongs to.
    expect(await forwardTo(testIdentity('hotline_agent', { agency: 'cc-hotline' }), 'cc-gov')).toBe('ok');
    expect(await forwardTo(testIdentity('supervisor', { agency: 'cc-gov' }), 'cc-gov')).toMatchObject({ code: 'SELF_DISPATCH' });
    expect(await forwardTo(testIdentity('supervisor', { agency: 'cc-gov' }), 'cc-housing')).toBe('ok');
    expect(await forwardTo(testIdentity('admin'), 'cc-gov')).toBe('ok');
  });
});
