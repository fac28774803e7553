import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/events/tables.ts',
  out: './src/events/migrations',
  schemaFilter: ['events'],
});
