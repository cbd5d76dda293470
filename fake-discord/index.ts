// A scriptable fake of the Discord HTTP API v10 for tests, the demo and benchmarks.
// See docs/architecture.md, "The fake Discord". Nothing here imports from src/.
import type { Hono } from 'hono';
import type { APIChannel, APIGuild, APIGuildMember, APIMessage, APIRole } from 'discord-api-types/v10';
import { createFakeApp } from './app.js';
import { CallLog } from './calls.js';
import type { FakeContext } from './context.js';
import { FaultList } from './faults.js';
import { createInProcessFetch, createMakeRequest, type MakeRequest } from './in-process.js';
import { BucketRules, FixedWindows } from './rate-limits.js';
import { FakeStore, type AddChannelOptions, type AddGuildOptions } from './store.js';
import type { BucketRule, Fault, FakeBot, FakeDiscordOptions, FakeEnv, FakeStats, RecordedCall } from './types.js';

export type { BucketRule, Fault, FakeBot, FakeDiscordOptions, FakeEnv, FakeStats, RecordedCall } from './types.js';
export type { AddChannelOptions, AddGuildOptions } from './store.js';
export type { MakeRequest } from './in-process.js';
export { seedDemo, type DemoData } from './demo.js';
export { startFakeDiscordServer, type FakeDiscordServer, type ServerOptions } from './node-server.js';

export interface FakeDiscord {
  /** Serves /api/v10/... and /api/...; any origin. */
  readonly app: Hono<FakeEnv>;
  /** app.fetch with fetch's abort semantics; rejects like undici on a 'drop' fault. */
  fetch(request: Request): Promise<Response>;
  /** Drop-in for @discordjs/rest's `makeRequest` option. */
  readonly makeRequest: MakeRequest;
  /** Every request received, in order (emptied in place by resetCalls). */
  readonly calls: RecordedCall[];
  /** A string is an exact path without /api/v10; a RegExp is tested against that path. */
  callsTo(pathPattern: string | RegExp): RecordedCall[];
  resetCalls(): void;

  addBot(options?: { username?: string; membersIntent?: boolean }): FakeBot;
  /** The owner (created unless ownerId is given) and the bots in botIds join as members. */
  addGuild(options?: AddGuildOptions): APIGuild;
  addChannel(guildId: string, options?: AddChannelOptions): APIChannel;
  addRole(guildId: string, options?: { name?: string }): APIRole;
  addMembers(guildId: string, count: number): APIGuildMember[];
  addMessages(channelId: string, count: number): APIMessage[];
  revokeToken(token: string): void;

  setLatency(ms: number): void;
  /** routePattern: a template such as '/guilds/:id/channels', or a RegExp over templates. */
  setBucket(route: RegExp | string, rule: BucketRule): void;
  setGlobalLimit(perSecond: number): void;
  /** Forgets every open bucket and global window (rules stay). */
  resetRateLimits(): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  readonly stats: FakeStats;
}

function createContext(options: FakeDiscordOptions): FakeContext {
  return {
    store: new FakeStore(),
    calls: new CallLog(),
    faults: new FaultList(),
    rules: new BucketRules(),
    bucketWindows: new FixedWindows(),
    globalWindows: new FixedWindows(),
    settings: {
      latencyMs: options.latencyMs ?? 0,
      globalLimitPerSecond: options.globalLimitPerSecond ?? 50,
      enforceBuckets: options.enforceBuckets ?? true,
    },
    stats: { rateLimited: 0 },
    now: options.now ?? Date.now,
  };
}

export function createFakeDiscord(options: FakeDiscordOptions = {}): FakeDiscord {
  const ctx = createContext(options);
  const { store } = ctx;
  const app = createFakeApp(ctx);
  const fetch = createInProcessFetch(app);
  return {
    app,
    fetch,
    makeRequest: createMakeRequest(fetch),
    calls: ctx.calls.calls,
    callsTo: (pattern) => ctx.calls.to(pattern),
    resetCalls: () => ctx.calls.reset(),
    addBot: (o) => store.addBot(o),
    addGuild: (o) => store.addGuild(o),
    addChannel: (guildId, o) => store.addChannel(guildId, o),
    addRole: (guildId, o) => store.addRole(guildId, o),
    addMembers: (guildId, count) => store.addMembers(guildId, count),
    addMessages: (channelId, count) => store.addMessages(channelId, count),
    revokeToken: (token) => store.revokeToken(token),
    setLatency: (ms) => { ctx.settings.latencyMs = ms; },
    setBucket: (route, rule) => ctx.rules.set(route, rule),
    setGlobalLimit: (perSecond) => { ctx.settings.globalLimitPerSecond = perSecond; },
    resetRateLimits: () => {
      ctx.bucketWindows = new FixedWindows();
      ctx.globalWindows = new FixedWindows();
    },
    injectFault: (fault) => ctx.faults.add(fault),
    clearFaults: () => ctx.faults.clear(),
    stats: ctx.stats,
  };
}
