import { eq, or, type SQL } from 'drizzle-orm';
import { orderPage, type Executor, type OrderListFilter, type Page } from '@civicgraph/platform';
import { workOrders, type WorkOrderRow, type WorkOrderStatus } from '../db/tables.ts';

export interface WorkOrderFilter extends OrderListFilter<WorkOrderStatus> {
  /** Orders this agency answers for or carries out. */
  agencyId?: string | null;
}

/** Newest first (the kit's order list); `scope` is the caller's row scope (see readableOrders). */
export function listWorkOrders(
  db: Executor,
  filter: WorkOrderFilter,
  first: number | null | undefined,
  after: string | null | undefined,
  scope?: SQL,
): Promise<Page<WorkOrderRow>> {
  const agency = filter.agencyId
    ? or(eq(workOrders.responsibleAgencyId, filter.agencyId), eq(workOrders.executingAgencyId, filter.agencyId))
    : undefined;
  return orderPage(db, workOrders, filter, [agency, scope], first, after);
}
