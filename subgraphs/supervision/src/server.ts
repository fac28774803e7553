import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '@civicgraph/platform';
import { subgraphTypeDefs } from '@civicgraph/schema';
import { createContext, type SupervisionContext } from './context.ts';
import { seedDemoSupervision } from './db/seed.ts';
import { startEscalationScheduler } from './ledger/escalation.ts';
import { seedPolicy } from './ledger/policy.ts';
import { LEDGER_CONSUMER, startLedger } from './ledger/worker.ts';
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
  return {
    name: 'supervision',
    typeDefs: subgraphTypeDefs('supervision'),
    resolvers,
    migrations: { schema: 'supervision', folder: fileURLToPath(new URL('./db/migrations', import.meta.url)) },
    createContext,
    seedReference: (services) => seedPolicy(services.database.db, services.clock.now()),
    seedDemo: (services) => seedDemoSupervision(services),
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
  };
}

export const subgraph = createSupervisionSubgraph();
