import { fileURLToPath } from 'node:url';

/** Migrations of the shared event log; applied before any subgraph's. */
export const EVENT_LOG_MIGRATIONS = { schema: 'events', folder: fileURLToPath(new URL('./migrations', import.meta.url)) };
