// `node --import ./gateway/loader/register.mjs`: runs the TypeScript sources as they are, for
// `npm start`. Only files ending in .ts are transpiled (esbuild, types stripped); everything else,
// node_modules above all, loads as plain Node loads it. tsx does the same job with resolve and load
// hooks for every module, which made loading the code about twice as expensive (test/bench/RESULTS.md).
import { register } from 'node:module';

// Stack traces point at the TypeScript lines (the transpiled code carries inline source maps).
process.setSourceMapsEnabled(true);
register('./hooks.mjs', import.meta.url);
