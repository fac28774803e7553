import { defineConfig } from 'vitest/config';

// One suite, two databases: every test file runs on PGlite, and again on PostgreSQL when
// TEST_DATABASE_URL is set (each test file then gets a database of its own on that server).
// Files named *.pg.test.ts need a server other processes can reach too, so only PostgreSQL runs them.
const databases = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])];
const POSTGRES_ONLY = '**/*.pg.test.ts';

export default defineConfig({
  // graphql ships CommonJS (main) and ESM (module) builds; Vite would pick the ESM one for our
  // sources while the libraries loaded by Node get the CommonJS one, and their instanceof checks
  // would not know our GraphQLErrors. One copy for all, as under `node --import tsx`.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    projects: databases.map((db) => ({
      extends: true,
      test: { name: db, env: { CIVICGRAPH_TEST_DB: db }, exclude: db === 'pglite' ? ['**/node_modules/**', POSTGRES_ONLY] : ['**/node_modules/**'] },
    })),
    include: ['{platform,schema,gateway,subgraphs,test}/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
