import DataLoader from 'dataloader';
import { asc, inArray } from 'drizzle-orm';
import { appealFactsLoader, byKey, groupByKey, type Executor } from '@civicgraph/platform';
import { workOrders, workOrderTransitions, type WorkOrderRow, type WorkOrderTransitionRow } from './db/tables.ts';
import { isUuid } from './domain/work-orders.ts';

/** Per-request loaders: one SQL statement per kind of thing, however many are asked for. */
export function createLoaders(db: Executor) {
  return {
    /** Access facts of the appeals this subgraph's records answer (their `message`, `ticket`, `clue`). */
    appealFacts: appealFactsLoader(db),
    workOrderById: new DataLoader<string, WorkOrderRow | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows = valid.length ? await db.select().from(workOrders).where(inArray(workOrders.id, valid)) : [];
      return byKey(ids, rows, (r) => r.id);
    }),
    /** Keyed by appeal id, whatever the channel: appeal ids are unique across channels. */
    workOrdersByAppeal: new DataLoader<string, WorkOrderRow[]>(async (appealIds) => {
      const valid = appealIds.filter(isUuid);
      const rows = valid.length
        ? await db
            .select()
            .from(workOrders)
            .where(inArray(workOrders.appealId, valid))
            .orderBy(asc(workOrders.createdAt), asc(workOrders.id))
        : [];
      return groupByKey(appealIds, rows, (r) => r.appealId);
    }),
    timelineByWorkOrder: new DataLoader<string, WorkOrderTransitionRow[]>(async (ids) => {
      const rows = await db
        .select()
        .from(workOrderTransitions)
        .where(inArray(workOrderTransitions.workOrderId, [...ids]))
        .orderBy(asc(workOrderTransitions.workOrderId), asc(workOrderTransitions.sequence));
      return groupByKey(ids, rows, (r) => r.workOrderId);
    }),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
