import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type Database } from '../db/database.ts';
import { migratePlatform } from '../server/subgraph.ts';
import { openTestDatabase } from '../testing.ts';
import { maskAddress, maskName, maskPhone, normalizePhone } from './personal-data.ts';
import { personalDataReveals } from './tables.ts';

describe('masks', () => {
  it('hide all but the family name, the ends of a number, the district of an address', () => {
    expect([maskPhone('13804351234'), maskPhone('043512345678'), maskPhone(null)]).toEqual(['138****1234', '043****5678', null]);
    expect([maskName('王小明'), maskName('欧阳娜娜'), maskName('李'), maskName('')]).toEqual(['王**', '欧***', '李*', null]);
    expect([maskAddress('通化市东昌区新华大街88号3单元'), maskAddress('长春')]).toEqual(['通化市东昌区****', '****']);
    expect(normalizePhone('phone', '+86 138-0435-1234')).toBe('13804351234');
    expect(() => normalizePhone('phone', "1' or 1=1")).toThrow(/phone/);
  });
});

describe('the reveal audit trail', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
    await migratePlatform(database);
  });
  afterAll(() => database?.close());

  it('is append-only: the database refuses updates, deletes and truncation', async () => {
    await database.db.insert(personalDataReveals).values({
      at: new Date('2022-09-05T09:00:00+08:00'), subject: 'handler:th', agencyId: 'th-housing', roles: ['handler'],
      subgraph: 'board', recordType: 'Message', recordId: 'm1', fields: ['posterPhone'], reason: '回访需要联系留言人',
    });
    for (const statement of [
      sql`update access.personal_data_reveals set reason = 'nothing to see'`,
      sql`delete from access.personal_data_reveals`,
      sql`truncate access.personal_data_reveals`,
    ]) {
      // drizzle wraps the database's error; the reason is in its cause.
      const error = await database.db.execute(statement).then(() => null, (e: Error & { cause?: Error }) => e);
      expect(error?.cause?.message ?? error?.message).toMatch(/append-only/);
    }
    const rows = rowsOf<{ reason: string }>(await database.db.execute(sql`select reason from access.personal_data_reveals`));
    expect(rows).toEqual([{ reason: '回访需要联系留言人' }]);
  });
});
