import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { DepsOverrides } from '../../src/deps.js';
import { buildProcessService as buildService } from '../../src/runtime/process-service.js';
import type { Service } from '../../src/service.js';
import { recordEmitted, recordResponse, registerSecret } from '../support/secrets.js';

/** Long enough for the sealing module (>= 32 characters); the same on every instance. */
export const TEST_SESSION_SECRET = 'test-secret-for-sealing-bot-tokens-0123456789';

/**
 * One guildgate instance on a real loopback socket, built by buildService exactly as the Node
 * entry builds it. Several of them sharing one Redis are what a deployment behind a load
 * balancer looks like; every log line and answer is kept for the secret guard.
 */
export class Instance {
  private constructor(
    readonly name: string,
    /** Every log line of this instance, as written. */
    readonly logs: string[],
    readonly service: Service,
    private readonly server: ServerType,
    readonly url: string,
  ) {}

  static async start(name: string, env: Record<string, string>, overrides: DepsOverrides = {}): Promise<Instance> {
    const logs: string[] = [];
    const service = await buildService(
      { SESSION_STORE: 'redis', SESSION_SECRET: TEST_SESSION_SECRET, LOG_LEVEL: 'debug', ...env },
      {
        logSink: (line) => {
          logs.push(line);
          recordEmitted(`instance ${name} log`, line);
        },
        ...overrides,
      },
    );
    const { server, port } = await listen(service);
    return new Instance(name, logs, service, server, `http://127.0.0.1:${port}`);
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(`${this.url}${path}`, init);
    if (!path.startsWith('/api/auth/login')) await recordResponse(`${this.name} ${init.method ?? 'GET'} ${path}`, response);
    return response;
  }

  get(path: string, sessionId: string): Promise<Response> {
    return this.request(path, { headers: { Authorization: `Bearer ${sessionId}` } });
  }

  post(path: string, sessionId: string, body: unknown): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      headers: { Authorization: sessionId, 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  /** Logs in and returns the session id (both registered as secrets). */
  async login(token: string): Promise<string> {
    registerSecret(token);
    const response = await this.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    if (response.status !== 200) throw new Error(`login on ${this.name} failed: ${response.status} ${await response.text()}`);
    const { sessionId } = (await response.json()) as { sessionId: string };
    registerSecret(sessionId);
    return sessionId;
  }

  /** The first log line (parsed) from index `from` on that matches, waiting at most `timeoutMs`. */
  async waitForLog(
    matches: (line: Record<string, unknown>) => boolean,
    timeoutMs = 5000,
    from = 0,
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logs
        .slice(from)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find(matches);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`${this.name} never logged the expected line; logs:\n${this.logs.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      (this.server as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
    await this.service.close();
  }
}

async function listen(service: Service): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: service.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({ server, port: info.port });
    });
  });
}
