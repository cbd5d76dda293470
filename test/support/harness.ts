import type { Hono } from 'hono';
import { createApp } from '../../src/app.js';
import { parseConfig, type Env } from '../../src/config.js';
import { createDeps, type Deps, type DepsOverrides } from '../../src/deps.js';
import type { MakeRequest } from '../../src/discord/bot-pool.js';
import type { AppEnv } from '../../src/env.js';
import { createFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../../fake-discord/index.js';
import { checkConformance } from './conformance.js';
import { ManualClock } from './manual-clock.js';
import { recordEmitted, recordResponse, registerSecret } from './secrets.js';

export interface HarnessOptions {
  env?: Env;
  fake?: FakeDiscord;
  fakeOptions?: FakeDiscordOptions;
  overrides?: DepsOverrides;
}

/**
 * guildgate in process against the fake Discord: app.request() in, fake's makeRequest out,
 * a manual clock, and every log line and response recorded for the secret guard.
 */
export class Harness {
  readonly fake: FakeDiscord;
  readonly clock = new ManualClock();
  readonly logs: string[] = [];
  readonly deps: Deps;
  readonly app: Hono<AppEnv>;

  constructor(options: HarnessOptions = {}) {
    this.fake = options.fake ?? createFakeDiscord(options.fakeOptions);
    const config = parseConfig({ DISCORD_API_URL: 'http://fake-discord.test/api', LOG_LEVEL: 'debug', ...options.env });
    this.deps = createDeps(config, {
      clock: this.clock,
      makeRequest: this.fake.makeRequest as unknown as MakeRequest,
      // Login with Discord's own calls (token endpoint, Bearer reads) reach the same fake.
      fetch: ((input: RequestInfo | URL, init?: RequestInit) => this.fake.fetch(new Request(input, init))) as typeof fetch,
      logSink: (line) => {
        this.logs.push(line);
        recordEmitted('log', line);
      },
      ...options.overrides,
    });
    this.app = createApp(this.deps);
  }

  /** Any request; the answer is recorded unless it is a login (which hands out the id). */
  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await this.app.request(path, init);
    if (!path.startsWith('/api/auth/login')) await recordResponse(`${init.method ?? 'GET'} ${path}`, response);
    await checkConformance(init.method ?? 'GET', path, response);
    return response;
  }

  async get(path: string, sessionId: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { headers: { Authorization: sessionId, ...headers } });
  }

  async postLogin(body: unknown): Promise<Response> {
    registerSecretsIn(body);
    return this.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** Logs in and returns the session id (registered as a secret). */
  async login(token: string, guildId?: string): Promise<string> {
    registerSecret(token);
    const response = await this.postLogin(guildId ? { token, guildId } : { token });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    const { sessionId } = (await response.json()) as { sessionId: string };
    registerSecret(sessionId);
    return sessionId;
  }

  /** Upstream calls the fake received for a path (without the /api/v10 prefix). */
  upstreamCalls(path: string | RegExp): number {
    return this.fake.callsTo(path).length;
  }
}

function registerSecretsIn(body: unknown): void {
  const token = (body as { token?: unknown } | null)?.token;
  if (typeof token === 'string') registerSecret(token);
}
