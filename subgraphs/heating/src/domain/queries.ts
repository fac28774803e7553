import { eq, type SQL } from 'drizzle-orm';
import { orderPage, type Executor, type OrderListFilter, type Page } from '@civicgraph/platform';
import { heatingOrders, type HeatingOrderRow, type HeatingOrderStatus } from '../db/tables.ts';

export interface HeatingOrderFilter extends OrderListFilter<HeatingOrderStatus> {
  /** Orders given to this heating company. */
  companyId?: string | null;
  /** Orders this housing bureau supervises. */
  supervisingAgencyId?: string | null;
}

/** Newest first (the kit's order list); `scope` is the caller's row scope (see readableOrders). */
export function listHeatingOrders(
  db: Executor,
  filter: HeatingOrderFilter,
  first: number | null | undefined,
  after: string | null | undefined,
  scope?: SQL,
): Promise<Page<HeatingOrderRow>> {
  const own = [
    filter.companyId ? eq(heatingOrders.companyId, filter.companyId) : undefined,
    filter.supervisingAgencyId ? eq(heatingOrders.supervisingAgencyId, filter.supervisingAgencyId) : undefined,
  ];
  return orderPage(db, heatingOrders, filter, [...own, scope], first, after);
}
