import { defineConfig } from 'drizzle-kit';

// The access schema (audit of personal-data reveals); the event log has drizzle.config.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/auth/tables.ts',
  out: './src/auth/migrations',
  schemaFilter: ['access'],
});
