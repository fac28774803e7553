import { appealFactsLoader, orderLoaders, type Executor } from '@civicgraph/platform';
import type { WorkOrderRow, WorkOrderTransitionRow } from './db/tables.ts';
import { WORK_ORDERS } from './domain/work-orders.ts';

/** Per-request loaders: one SQL statement per kind of thing, however many are asked for. */
export function createLoaders(db: Executor) {
  const orders = orderLoaders<WorkOrderRow, WorkOrderTransitionRow>(db, WORK_ORDERS);
  return {
    /** Access facts of the appeals this subgraph's records answer (their `message`, `ticket`, `clue`). */
    appealFacts: appealFactsLoader(db),
    workOrderById: orders.byId,
    /** Keyed by appeal id, whatever the channel. */
    workOrdersByAppeal: orders.byAppeal,
    timelineByWorkOrder: orders.timeline,
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
