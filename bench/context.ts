// What every scenario shares: the fake Discord on a loopback socket in this process (so its
// call log and 429 count can be read directly), its data, and guildgate started as a child.
import { ChannelType } from 'discord-api-types/v10';
import { createFakeDiscord, seedDemo, startFakeDiscordServer, type DemoData, type FakeDiscord, type FakeDiscordServer } from '../fake-discord/index.js';
import { BUN, freePort, NODE_TS, startServer, type Child } from './processes.js';
import type { BenchSettings } from './settings.js';

export type Runtime = 'node' | 'bun';

export interface BenchContext {
  settings: BenchSettings;
  fake: FakeDiscord;
  server: FakeDiscordServer;
  demo: DemoData;
  /** A guild of the demo bot with enough members for distinct reads. */
  burstGuild: { id: string; memberIds: string[] };
}

export async function createContext(settings: BenchSettings): Promise<BenchContext> {
  const fake = createFakeDiscord({ latencyMs: 0 });
  const demo = seedDemo(fake);
  const guild = fake.addGuild({ name: 'Bench Crowd', botIds: [demo.bot.user.id] });
  fake.addChannel(guild.id, { name: 'chat', type: ChannelType.GuildText });
  const members = fake.addMembers(guild.id, Math.max(settings.burstReads, 1000));
  const server = await startFakeDiscordServer(fake, { port: 0 });
  return { settings, fake, server, demo, burstGuild: { id: guild.id, memberIds: members.map((m) => m.user.id) } };
}

export function runtimeCommand(runtime: Runtime, script: { node: string; bun: string }): string[] {
  return runtime === 'node' ? [...NODE_TS, script.node] : [BUN, script.bun];
}

/** guildgate's real entry for the runtime, pointed at the fake, with production logging. */
export async function startGuildgate(ctx: BenchContext, runtime: Runtime, env: Record<string, string> = {}): Promise<Child> {
  const command = runtimeCommand(runtime, { node: 'src/runtime/node.ts', bun: 'src/runtime/bun.ts' });
  return startServer(command, { HOST: '127.0.0.1', DISCORD_API_URL: ctx.server.url, LOG_LEVEL: 'info', ...env }, await freePort());
}

/**
 * Runs `work` against a guildgate process of its own, logged in as the demo bot, then stops it:
 * a new process has a cold cache and fresh rate limiters, so no round inherits another's.
 */
export async function withGuildgate<T>(ctx: BenchContext, work: (gateway: Child, sessionId: string) => Promise<T>, env: Record<string, string> = {}): Promise<T> {
  const gateway = await startGuildgate(ctx, 'node', env);
  try {
    return await work(gateway, await login(gateway.origin, ctx.demo.bot.token));
  } finally {
    await gateway.stop();
  }
}

export async function login(origin: string, token: string): Promise<string> {
  const response = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (response.status !== 200) throw new Error(`login answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { sessionId: string }).sessionId;
}

/** Upstream calls the fake received while `work` ran. */
export async function countCalls<T>(fake: FakeDiscord, work: () => Promise<T>): Promise<{ result: T; calls: number; rateLimited: number }> {
  const calls = fake.calls.length;
  const rateLimited = fake.stats.rateLimited;
  const result = await work();
  return { result, calls: fake.calls.length - calls, rateLimited: fake.stats.rateLimited - rateLimited };
}
