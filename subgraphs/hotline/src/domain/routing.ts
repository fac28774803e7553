import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { invalidInput, isRegionCode, notFound, optionalText, requireDirectory, unknownReference, type Executor } from '@civicgraph/platform';
import { categories, routingRules, type RoutingRuleRow } from '../db/tables.ts';

/** The region itself, its prefecture and the province: the places whose rules cover a ticket there. */
export function enclosingRegions(code: string): string[] {
  const province = `${code.slice(0, 2)}0000`;
  const prefecture = `${code.slice(0, 4)}00`;
  return [...new Set([code, prefecture, province])];
}

const regionDepth = (code: string) => (code.endsWith('0000') ? 1 : code.endsWith('00') ? 2 : 3);
const categoryDepth = (categoryId: string | null) => (categoryId === null ? 0 : categoryId.includes('.') ? 2 : 1);

/**
 * Precedence among the rules that cover a ticket: the most local region wins (a county's own rule
 * over the prefecture's, the prefecture's over the province's); within one region, the most
 * specific category (the category over its domain over "any category").
 */
export function pickRule<R extends Pick<RoutingRuleRow, 'categoryId' | 'regionCode'>>(
  rules: readonly R[],
  categoryId: string,
  regionCode: string,
): R | null {
  const domainId = categoryId.split('.')[0]!;
  const regions = enclosingRegions(regionCode);
  const applicable = rules.filter(
    (r) => regions.includes(r.regionCode) && (r.categoryId === null || r.categoryId === categoryId || r.categoryId === domainId),
  );
  const score = (r: R) => regionDepth(r.regionCode) * 10 + categoryDepth(r.categoryId);
  return applicable.reduce<R | null>((best, r) => (best === null || score(r) > score(best) ? r : best), null);
}

/** The rule that routes a ticket of this category and region, read in one statement. */
export async function findRoutingRule(db: Executor, categoryId: string, regionCode: string): Promise<RoutingRuleRow | null> {
  const domainId = categoryId.split('.')[0]!;
  const candidates = await db
    .select()
    .from(routingRules)
    .where(
      and(
        inArray(routingRules.regionCode, enclosingRegions(regionCode)),
        or(isNull(routingRules.categoryId), inArray(routingRules.categoryId, [categoryId, domainId])),
      ),
    );
  return pickRule(candidates, categoryId, regionCode);
}

export interface RoutingRuleInput {
  categoryId?: string | null;
  regionCode: string;
  agencyId: string;
  note?: string | null;
}

/** Creates the rule for (category, region), or changes the agency of the one there is. */
export async function setRoutingRule(db: Executor, input: RoutingRuleInput): Promise<RoutingRuleRow> {
  if (!isRegionCode(input.regionCode)) throw invalidInput('regionCode', 'must be a six-digit administrative code');
  const note = optionalText('note', input.note, 500);
  const categoryId = input.categoryId ?? null;
  return db.transaction(async (tx) => {
    if (categoryId !== null) {
      const [category] = await tx.select({ id: categories.id }).from(categories).where(eq(categories.id, categoryId));
      if (!category) throw unknownReference('categoryId', 'category', categoryId);
    }
    await requireDirectory(tx, { regions: [{ field: 'regionCode', code: input.regionCode }], agencies: [{ field: 'agencyId', id: input.agencyId }] });
    const [row] = await tx
      .insert(routingRules)
      .values({ categoryId, regionCode: input.regionCode, agencyId: input.agencyId, note })
      .onConflictDoUpdate({ target: [routingRules.categoryId, routingRules.regionCode], set: { agencyId: input.agencyId, note } })
      .returning();
    return row!;
  });
}

export async function removeRoutingRule(db: Executor, id: string): Promise<RoutingRuleRow> {
  const ruleId = Number(id);
  if (!Number.isSafeInteger(ruleId)) throw notFound('RoutingRule', id);
  const [row] = await db.delete(routingRules).where(eq(routingRules.id, ruleId)).returning();
  if (!row) throw notFound('RoutingRule', id);
  return row;
}
