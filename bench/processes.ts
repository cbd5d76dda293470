// Child processes of the benchmark: servers under test and the load generator.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { LoadResult, LoadSpec } from './load.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const NODE_TS = [process.execPath, '--import', 'tsx'] as const;
export const BUN = `${ROOT}node_modules/.bin/bun`;

/** The test suite's: a free loopback port, picked by the OS. */
export { freePort } from '../test/support/processes.js';

export interface Child {
  readonly origin: string;
  readonly pid: number;
  readonly stderr: string[];
  /** Whether the process has ended by itself (crashed). */
  exited(): boolean;
  stop(): Promise<void>;
}

/**
 * Starts a server and waits until its port accepts connections. Its stdout (the request log)
 * goes to /dev/null: written like a log file, read by nobody, so it costs the server what a
 * real log sink costs and costs the bench machine nothing else.
 */
export async function startServer(command: readonly string[], env: Record<string, string>, port: number): Promise<Child> {
  const [file, ...args] = command;
  const child = spawn(file!, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', openSync('/dev/null', 'w'), 'pipe'],
    detached: true,
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  await waitForPort(child, port, stderr);
  return {
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stderr,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop: () => stopChild(child),
  };
}

async function waitForPort(child: ChildProcess, port: number, stderr: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr.join('')}`);
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stopChild(child);
  throw new Error(`server did not listen on ${port}: ${stderr.join('')}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

let loadProcess: ChildProcess | undefined;

/** Runs one load in the load generator's own process (started on first use) and returns what it measured. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  loadProcess ??= fork(`${ROOT}bench/load.ts`, [], { cwd: ROOT, execArgv: ['--import', 'tsx'] });
  const child = loadProcess;
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`load generator exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (message: { result?: LoadResult; error?: string }) => {
      child.off('exit', onExit);
      if (message.result) resolve(message.result);
      else reject(new Error(`load failed: ${message.error}`));
    });
    child.send(spec);
  });
}

export function stopLoadGenerator(): void {
  loadProcess?.disconnect();
  loadProcess = undefined;
}

/** Runs a script to completion; its last stdout line is its answer. */
export function runScript(command: readonly string[], env: Record<string, string> = {}): Promise<string> {
  const [file, ...args] = command;
  return new Promise((resolve, reject) => {
    const child = spawn(file!, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && last) resolve(last);
      else reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

/**
 * CPU time (user + system, microseconds) a process has used, from /proc on Linux; undefined
 * elsewhere. On a shared, noisy machine, CPU per request is steadier than requests per second.
 */
export function cpuMicros(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100;
  } catch {
    return undefined;
  }
}
