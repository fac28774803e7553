import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export interface StartedProcess {
  child: ChildProcess;
  /** The URL the process printed as "listening on <url>". */
  url: string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
}

/** The loader `npm start` and `npm run gateway` run the TypeScript sources with. */
const LOADER = fileURLToPath(new URL('../../gateway/loader/register.mjs', import.meta.url));

/** Processes started by this test file; `killAll` ends those still running (in afterAll). */
const started: ChildProcess[] = [];

/**
 * Runs a TypeScript entry point (`subgraphs/<name>/src/index.ts`, `gateway/src/standalone.ts`) as
 * its own Node process with `env` on top of this one's, and resolves once it prints where it listens.
 */
export function startProcess(entry: string, env: Record<string, string>, timeoutMs = 60_000): Promise<StartedProcess> {
  const child = spawn(process.execPath, ['--import', LOADER, entry], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start: ${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        child,
        url: match[1]!,
        output: () => output,
        stop: async () => {
          if (child.exitCode !== null) return child.exitCode;
          child.kill('SIGTERM');
          const [code] = await once(child, 'exit');
          return code as number | null;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}: ${output}`)));
  });
}

export function killAll(): void {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
