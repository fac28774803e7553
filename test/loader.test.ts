import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventually } from './support/eventually.ts';

// gateway/loader (`node --import ./gateway/loader/register.mjs`, npm start's loader): TypeScript
// loaded at start and later on demand, stack traces at the TypeScript lines, and esbuild's service
// process gone once nothing is being loaded.
const register = resolve(import.meta.dirname, '../gateway/loader/register.mjs');
const dir = mkdtempSync(join(tmpdir(), 'civicgraph-loader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(join(dir, 'first.ts'), 'export const first: number = 1;\n');
writeFileSync(
  join(dir, 'later.ts'),
  `import { first } from './first.ts';
type Later = { value: number };
export const later: Later = { value: first + 1 };
export function fail(): never {
  throw new Error('thrown in later.ts');
}
`,
);
// Imports one file at start, the other when told to on stdin (as the hub loads code on demand).
writeFileSync(
  join(dir, 'main.ts'),
  `import { createInterface } from 'node:readline';
import { first } from './first.ts';
console.log(\`first \${first}\`);
for await (const line of createInterface({ input: process.stdin })) {
  const { later, fail }: typeof import('./later.ts') = await import(\`./\${line}.ts\`);
  console.log(\`later \${later.value}\`);
  try {
    fail();
  } catch (error) {
    console.log((error as Error).stack!.split('\\n')[1]!.trim());
  }
  process.exit(0);
}
`,
);

/** The command lines of a process's children (Linux: /proc). */
function childCommands(pid: number): string[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
      .split(' ')
      .filter(Boolean)
      .map((child) => readFileSync(`/proc/${child}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()),
  );
}

describe('the .ts loader', () => {
  it('loads TypeScript at start and on demand after its esbuild service has stopped, with stack traces at the TypeScript lines', async () => {
    const child = spawn(process.execPath, ['--import', register, join(dir, 'main.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    try {
      await eventually(async () => output, (text) => text.includes('first 1\n'));
      // esbuild's service ran for the start, and is stopped once nothing has been loaded for a while.
      const children = await eventually(async () => childCommands(child.pid!), (commands) => !commands.some((c) => c.includes('esbuild')));
      expect(children).toEqual([]);
      child.stdin!.write('later\n');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      expect(output.split('\n')).toEqual(['first 1', 'later 2', `at fail (${join(dir, 'later.ts')}:5:9)`, '']);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
