import { defineConfig } from 'vite';

// The gateway serves the built page at /dashboard/ (gateway/src/dashboard.ts); everything is
// bundled, nothing is loaded from elsewhere. `npm run dev -w @civicgraph/dashboard` serves it with
// hot reload against a hub on port 4000.
export default defineConfig({
  base: '/dashboard/',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0 },
  server: { proxy: { '/graphql': { target: 'http://localhost:4000', ws: true } } },
});
