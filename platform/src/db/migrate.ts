import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type { Database } from './database.ts';

/** Arbitrary but fixed: every process migrating the same database takes this lock in turn. */
const MIGRATION_LOCK_KEY = 7_240_101;

/**
 * Applies the committed drizzle migrations of one PostgreSQL schema (a subgraph's, or the event log's).
 * Safe to call from several processes at once: they take turns under an advisory lock.
 */
export async function applyMigrations(database: Database, migrationsFolder: string, schema: string): Promise<void> {
  // The bookkeeping lives beside, not inside, the schema: its first migration creates that schema.
  const config = { migrationsFolder, migrationsSchema: 'drizzle', migrationsTable: `${schema}_migrations` };
  await database.withAdvisoryLock(MIGRATION_LOCK_KEY, async () => {
    if (database.kind === 'pglite') await migratePglite(database.db as unknown as PgliteDatabase, config);
    else await migratePostgres(database.db as unknown as PostgresJsDatabase, config);
  });
}
