import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe } from 'vitest';
import { freePort } from './processes.js';

/** True when a `redis-server` binary is on PATH. */
export function redisServerAvailable(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * `describe` for suites that need a real redis-server. Every suite runs: where there is none on
 * PATH, the suite fails at once and says how to install it, rather than passing by skipping.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (redisServerAvailable()) {
    describe(name, body);
    return;
  }
  describe(name, () => {
    throw new Error('redis-server is not on PATH: install it (apt-get install -y redis-server, brew install redis)');
  });
}

/**
 * A real redis-server on a free loopback port, in a temp dir of its own. Append-only file on,
 * so a killed and restarted server comes back with its data, as a production Redis would.
 */
export class RedisServer {
  private child: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'guildgate-redis-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisServer> {
    const server = await RedisServer.notStarted();
    await server.launch();
    return server;
  }

  /** A server with its port chosen but not running yet: for "Redis is down at startup". */
  static async notStarted(): Promise<RedisServer> {
    return new RedisServer(await freePort());
  }

  /** Starts a server made by notStarted(). */
  async launchNow(): Promise<void> {
    await this.launch();
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** A plain client for the test's own look into Redis (close it when done). */
  client(): Redis {
    const client = new Redis(this.url, { maxRetriesPerRequest: 1, lazyConnect: false });
    client.on('error', () => {});
    return client;
  }

  /** SIGKILL: Redis dies as it would in a crash, without saving or saying goodbye. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || hasExited(child)) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  /**
   * SIGSTOP: Redis hangs as a stuck or swapped-out server does. The port still accepts
   * connections and commands are still written, but nothing answers until resume().
   */
  pause(): void {
    this.signal('SIGSTOP');
  }

  /** SIGCONT: a paused server answers again, everything sent meanwhile included. A server not running is left alone. */
  resume(): void {
    if (this.child && !hasExited(this.child)) this.signal('SIGCONT');
  }

  /** Starts again on the same port and data directory. */
  async restart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    const child = this.child;
    if (!child || hasExited(child)) throw new Error(`redis-server is not running: cannot send ${signal}`);
    child.kill(signal);
  }

  private async launch(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'yes',
      '--appendfsync', 'always', '--protected-mode', 'no', '--loglevel', 'warning'];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    this.child = child;
    await this.waitUntilAnswering(child);
  }

  private async waitUntilAnswering(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (hasExited(child)) throw new Error(`redis-server exited (${child.exitCode ?? child.signalCode})`);
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => {});
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        // not listening yet
      } finally {
        probe.disconnect();
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('redis-server did not answer within 10 s');
  }
}

/** A child killed by a signal has a signalCode and no exitCode. */
function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}
