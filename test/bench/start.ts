import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';

// `npm run bench:start`: what a new user's `npm start` does (its own command), measured from outside. A fresh PGlite
// data folder on disk (and, with DATABASE_URL naming a server, a fresh PostgreSQL database beside
// it): first start to /ready, to demo complete, RSS when up and after an idle minute, the data size,
// then a restart. Every wait is bounded; the hub listens on loopback only.
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 60_000);
const TIMEOUT_MS = 15 * 60_000;
// npm start's own command (package.json), run from the repository's root.
const repo = resolve(import.meta.dirname, '../..');
const startArgs = (JSON.parse(readFileSync(resolve(repo, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(' ').slice(1);
const load = () => `load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function statusOf(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`))!;
  return Number(line.replace(/\D/g, '')) * 1024;
}
const rssOf = (pid: number) => statusOf(pid, 'VmRSS');

/**
 * CPU seconds the process (and the children it waited for: initdb) has used: on a machine shared
 * with other work this says more than the wall clock, which grows with the load.
 */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // utime, stime, cutime, cstime are fields 14-17 of stat(5); the split starts at field 3.
  return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / 100;
}

function folderBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
    const path = join(dir, entry.name);
    return sum + (entry.isDirectory() ? folderBytes(path) : statSync(path).size);
  }, 0);
}

// A bench that fails half-way must not leave a hub running.
const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

interface Started {
  child: ChildProcess;
  /** When the banner ("civicgraph is up") was printed: the API answers from here on. */
  upMs: number;
  /** CPU seconds used until the banner, and until the demo was complete. */
  upCpu: number;
  completeCpu: number;
  readyMs: number;
  completeMs: number;
  /** /ready after the banner and before the demo is complete (PGlite is one session: a request waits while the demo writes). */
  duringDemo: { polls: number; answered200: number; slowestMs: number };
  lines: string[];
}

async function start(env: Record<string, string>): Promise<Started> {
  const began = Date.now();
  // DATABASE_URL only where the run names one: the PGlite run must not reach the server.
  const { DATABASE_URL: _server, ...inherited } = process.env;
  const child = spawn(process.execPath, startArgs, { cwd: repo, env: { ...inherited, PORT: '0', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const lines: string[] = [];
  let url: string | undefined;
  let upMs = 0;
  let upCpu = 0;
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) {
      lines.push(`${secs(Date.now() - began).padStart(7)}  ${line}`);
      if (!upMs && line.startsWith('civicgraph is up')) {
        upMs = Date.now() - began;
        upCpu = cpuOf(child.pid!);
      }
      url ??= /Health \/ readiness\s+\S+\s+(\S+\/ready)/.exec(line)?.[1];
    }
  });
  let readyMs = 0;
  const duringDemo = { polls: 0, answered200: 0, slowestMs: 0 };
  for (;;) {
    if (Date.now() - began > TIMEOUT_MS || child.exitCode !== null) throw new Error(`npm start did not come up:\n${lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
    if (!url) continue;
    const asked = Date.now();
    const response = await fetch(url).catch(() => undefined);
    const body = (await response?.json().catch(() => undefined)) as { demo?: string } | undefined;
    // Every poll from the banner on, the one that first says "complete" too (it may have waited all along).
    if (upMs) {
      duringDemo.polls++;
      if (response?.status === 200 && body?.demo !== 'complete') duringDemo.answered200++;
      duringDemo.slowestMs = Math.max(duringDemo.slowestMs, Date.now() - asked);
    }
    if (response?.status === 200 && !readyMs) readyMs = Date.now() - began;
    if (readyMs && (body?.demo === 'complete' || body?.demo === undefined)) return { child, upMs, upCpu, readyMs, completeMs: Date.now() - began, completeCpu: cpuOf(child.pid!), duringDemo, lines };
    if (body?.demo?.startsWith('failed')) throw new Error(`demo data failed: ${body.demo}`);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function measure(name: string, env: Record<string, string>, size: () => Promise<number>): Promise<void> {
  console.log(`\n== ${name}`);
  const first = await start(env);
  console.log(first.lines.join('\n'));
  const upRss = rssOf(first.child.pid!);
  console.log(`first start: up ${secs(first.upMs)}, /ready 200 ${secs(first.readyMs)}, demo complete ${secs(first.completeMs)}  (${load()})`);
  console.log(`  CPU used: ${first.upCpu.toFixed(1)} s until up, ${first.completeCpu.toFixed(1)} s until complete`);
  const { polls, answered200, slowestMs } = first.duringDemo;
  console.log(`  /ready from the banner to demo complete: ${polls} polls (one at a time), ${answered200} answered 200 before the demo was complete, the slowest took ${secs(slowestMs)}`);
  console.log(`RSS when up: ${mib(upRss)} (peak ${mib(statusOf(first.child.pid!, 'VmHWM'))}); data: ${mib(await size())}  (${load()})`);
  await new Promise((r) => setTimeout(r, IDLE_MS));
  console.log(`RSS after ${secs(IDLE_MS)} idle: ${mib(rssOf(first.child.pid!))}  (${load()})`);
  await stop(first.child);
  console.log(`data after stop: ${mib(await size())}`);
  const again = await start(env);
  console.log(again.lines.filter((line) => line.includes('civicgraph')).join('\n'));
  console.log(`restart: up ${secs(again.upMs)} (CPU ${again.upCpu.toFixed(1)} s), /ready 200 ${secs(again.readyMs)}, demo complete ${secs(again.completeMs)}, RSS ${mib(rssOf(again.child.pid!))}  (${load()})`);
  await stop(again.child);
}

const dataDir = mkdtempSync(join(tmpdir(), 'civicgraph-start-bench-'));
try {
  await measure('PGlite (npm start, fresh data folder on disk)', { CIVICGRAPH_DATA_DIR: join(dataDir, 'pglite') }, async () => folderBytes(join(dataDir, 'pglite')));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

if (process.env.DATABASE_URL) {
  // A database of its own on that server, dropped afterwards.
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  const database = `civicgraph_start_bench_${process.pid}`;
  await admin.unsafe(`create database ${database}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${database}`;
  try {
    const size = async () => Number((await admin`select pg_database_size(${database}) as bytes`)[0]!.bytes);
    await measure('PostgreSQL (DATABASE_URL, fresh database)', { DATABASE_URL: url.toString() }, size);
  } finally {
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.end();
  }
}
