import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database } from './db/database.ts';

/**
 * The database a test file runs on. The test runner sets CIVICGRAPH_TEST_DB per project:
 * "pglite" gives a fresh in-memory PGlite; "postgres" creates a fresh database on the server at
 * TEST_DATABASE_URL and drops it again on close, so test files never see each other's rows.
 */
export async function openTestDatabase(): Promise<Database> {
  if ((process.env.CIVICGRAPH_TEST_DB ?? 'pglite') === 'pglite') return openDatabase();
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('CIVICGRAPH_TEST_DB=postgres needs TEST_DATABASE_URL');
  const name = `civicgraph_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    ...database,
    close: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export const testDatabaseKind = () => (process.env.CIVICGRAPH_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';
