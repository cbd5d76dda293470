import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { recordEmitted } from './secrets.js';

/** A free loopback port, found by letting the OS pick one. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  readonly url: string;
  readonly output: string[];
  stop(): Promise<void>;
}

/**
 * Starts a server process and waits until `readyPath` answers. Everything the process prints
 * is kept (and handed to the secret guard): logs must never carry a token or session id.
 */
export async function startProcess(options: {
  command: string;
  args: string[];
  env: Record<string, string>;
  port: number;
  /** Where to run it (default: this repository). */
  cwd?: string;
  readyPath?: string;
  /** When `readyPath`'s answer means ready; default: any 2xx. (A misconfigured server answers 500.) */
  isReady?: (response: Response) => boolean;
  timeoutMs?: number;
}): Promise<RunningServer> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(options.command, options.args, {
    env: { ...process.env, ...options.env },
    ...(options.cwd ? { cwd: options.cwd } : {}),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output.push(text);
    recordEmitted(`${options.command} output`, text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const ready = { url: `${url}${options.readyPath ?? '/healthz'}`, isReady: options.isReady ?? ((response: Response) => response.ok) };
  await waitUntilReady(child, ready, options.timeoutMs ?? 60_000, output);
  return { url, output, stop: () => stopProcess(child) };
}

async function waitUntilReady(
  child: ChildProcess,
  { url, isReady }: { url: string; isReady: (response: Response) => boolean },
  timeoutMs: number,
  output: string[],
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${output.join('')}`);
    try {
      const response = await fetch(url);
      if (isReady(response)) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopProcess(child);
  throw new Error(`server did not become ready at ${url}: ${output.join('')}`);
}

/** Ends the whole process group (npx and wrappers spawn children). */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * What the process printed, once it includes `pattern` (or after `timeoutMs`): a line can reach
 * stdout a moment after the answer that caused it (wrangler relays the isolate's console late;
 * the Node, Bun and Deno entries batch their log lines).
 */
export async function outputOnceItShows(server: RunningServer, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(server.output.join('')) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return server.output.join('');
}
