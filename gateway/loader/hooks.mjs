// Module hooks for register.mjs (they run in Node's loader thread).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { stop, transform } from 'esbuild';

/**
 * esbuild transpiles in a child process (its service) that would otherwise stay for the life of
 * the process. It is stopped once no .ts file has been loaded for this long: the bursts of loading
 * in `npm start` are closer together than that (the longest gap, while the database opens, is ~2 s
 * on a busy machine); a later import (code loaded on demand) starts it again.
 */
const SERVICE_IDLE_MS = 3000;
let transpiling = 0;
let idleTimer;

async function transpile(path) {
  transpiling++;
  clearTimeout(idleTimer);
  try {
    const { code } = await transform(await readFile(path, 'utf8'), { loader: 'ts', format: 'esm', target: 'node20', sourcemap: 'inline', sourcefile: path });
    return code;
  } finally {
    // Unref'd: the timer never keeps the process alive by itself.
    if (--transpiling === 0) idleTimer = setTimeout(() => void stop(), SERVICE_IDLE_MS).unref();
  }
}

/** Our sources import each other by their .ts names, so resolving needs nothing; loading them does. */
export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  return { format: 'module', source: await transpile(fileURLToPath(url)), shortCircuit: true };
}
