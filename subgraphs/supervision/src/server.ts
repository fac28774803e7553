import { defineSubgraph, type SubgraphDefinition } from '@civicgraph/platform';
import { agencyDirectory } from '@civicgraph/agencies/directory';
import { createContext, type SupervisionContext } from './context.ts';
import { seedDemoSupervision } from './db/seed.ts';
import { startEscalationScheduler } from './ledger/escalation.ts';
import { seedPolicy } from './ledger/policy.ts';
import { LEDGER_CONSUMER, startLedger } from './ledger/worker.ts';
import { registerLedgerMetrics } from './ledger/metrics.ts';
import { resolvers } from './resolvers/index.ts';

export { runEscalation, type EscalationRun } from './ledger/escalation.ts';
export { LEDGER_CONSUMER, ledgerCaughtUp, startLedger, waitForLedger } from './ledger/worker.ts';
export { CHANGCHUN_HEATING_CLUE } from './db/demo-stories.ts';

export interface SupervisionOptions {
  /** Run the case ledger's event consumer beside the server (default true). */
  ledger?: boolean;
  /** How often the overdue escalation runs; null: never on a timer (tests call runEscalation). */
  escalationIntervalMs?: number | null;
  ledgerPollIntervalMs?: number;
}

/** Events per ledger batch: each case is written once per batch, so a catch-up wants them large. */
const LEDGER_BATCH = 5000;

const envInterval = Number(process.env.CIVICGRAPH_ESCALATION_INTERVAL_MS ?? 60_000);

export function createSupervisionSubgraph(options: SupervisionOptions = {}): SubgraphDefinition<SupervisionContext> {
  const { ledger = true, escalationIntervalMs = envInterval, ledgerPollIntervalMs } = options;
  return defineSubgraph({
    name: 'supervision',
    port: 4104,
    at: import.meta.url,
    directory: agencyDirectory,
    resolvers,
    createContext,
    seedReference: (services) => seedPolicy(services.database.db, services.clock.now()),
    seedDemo: (services, progress) => seedDemoSupervision(services, { progress }),
    registerMetrics: (registry, services) => registerLedgerMetrics(registry, services.database),
    consumers: ledger ? [LEDGER_CONSUMER] : [],
    startWorkers: async (services) => {
      // Large batches: on a first start the ledger reads the whole demo year at once.
      const consumer = ledger ? await startLedger(services.database, { pollIntervalMs: ledgerPollIntervalMs, batchSize: LEDGER_BATCH }) : undefined;
      const scheduler = escalationIntervalMs ? startEscalationScheduler(services, escalationIntervalMs) : undefined;
      return {
        stop: async () => {
          await scheduler?.stop();
          await consumer?.stop();
        },
      };
    },
  });
}

export const subgraph = createSupervisionSubgraph();
/** The subgraph's SDL (the shared vocabulary first), for composition. */
export const { typeDefs } = subgraph;
