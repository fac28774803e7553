import { chinaYear } from '../calendar.ts';
import type { Executor } from '../db/database.ts';
import { reserveOrderNumbers, type OrderSpec } from './kit.ts';

/**
 * Numbers for orders written in bulk (demo data), in the order given, which should be the order of
 * creation: one statement per China-time year, as the one-by-one path would have numbered them.
 */
export async function orderNumbersInOrder(db: Executor, spec: OrderSpec<any, string>, createdAts: readonly Date[]): Promise<string[]> {
  const byYear = new Map<number, Date[]>();
  for (const at of createdAts) byYear.set(chinaYear(at), [...(byYear.get(chinaYear(at)) ?? []), at]);
  const reserved = new Map<number, string[]>();
  for (const [year, ats] of byYear) reserved.set(year, await reserveOrderNumbers(db, spec, ats[0]!, ats.length));
  return createdAts.map((at) => reserved.get(chinaYear(at))!.shift()!);
}
