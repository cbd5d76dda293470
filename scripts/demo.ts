/**
 * `npm run demo`: guildgate against the fake Discord, with seeded data, for anyone without a
 * bot at hand. Starts both servers, takes a short tour (login, channels twice: MISS then HIT),
 * then prints the shell variables the README's curl lines use (GG, TOKEN, SESSION, GUILD_ID…),
 * so every one of those lines runs as written. `--once` exits after the tour (CI checks the
 * demo that way, and test/e2e/readme-curl.test.ts runs the README's lines against it).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { buildProcessService as buildService } from '../src/runtime/process-service.js';
import { startFailureMessage } from '../src/runtime/start-failure.js';
import { createFakeDiscord, seedDemo, startFakeDiscordServer, type FakeDiscord, type FakeDiscordServer } from '../fake-discord/index.js';
import { buildConsole } from './build-console.js';

const port = Number(process.env.PORT ?? 3000);
// FAKE_DISCORD_PORT moves the fake Discord off 3001.
const fakePort = Number(process.env.FAKE_DISCORD_PORT ?? 3001);
const once = process.argv.includes('--once');
// /metrics is closed without a token: the demo makes one (or takes yours) so its curl line works.
const metricsToken = process.env.METRICS_TOKEN || randomBytes(16).toString('hex');

type Demo = ReturnType<typeof seedDemo>;

async function main(): Promise<void> {
  await buildConsole();
  const fake = createFakeDiscord({ latencyMs: 30 });
  const demo = seedDemo(fake);
  const discord = await startFakeDiscordServer(fake, { port: fakePort, host: '127.0.0.1' }).catch((error: unknown) => {
    throw new StartFailure(startFailureMessage(error, { port: fakePort, portVariable: 'FAKE_DISCORD_PORT', server: 'the fake Discord' }));
  });
  // Webhook Events on: the fake signs them with the key whose public half guildgate checks.
  const DISCORD_PUBLIC_KEY = await fake.webhookEvents.publicKeyHex();
  const env = { ...demoOAuthEnv(demo, discord.url), DISCORD_PUBLIC_KEY, ...process.env, PORT: String(port), HOST: '127.0.0.1', DISCORD_API_URL: discord.url, METRICS_TOKEN: metricsToken };
  const service = await buildService({ ...env, METRICS_PUBLIC: '', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const server = await listen(service.app.fetch).catch(async (error: unknown) => {
    await Promise.all([discord.close(), service.close()]);
    throw new StartFailure(startFailureMessage(error, { port }));
  });
  const base = `http://127.0.0.1:${port}`;
  const sessionId = await tour(base, demo.bot.token, demo.guildId);
  // A signed Webhook Event, as Discord checks an endpoint: a PING answered 204.
  const ping = await fake.webhookEvents.deliver(`${base}/api/discord/webhook-events`, fake.webhookEvents.ping(demo.bot.user.id));
  console.log(`POST /api/discord/webhook-events (signed PING, as Discord sends it) -> ${ping.status}`);
  const { sessionId: otherSessionId } = await logIn(base, demo.otherBot.token);
  const userSessionId = await logInWithDiscord(base, fake, demo.users.owner.id);
  const ids = { ...(await sampleIds(base, sessionId, demo)), botMessageId: await postDemoMessage(base, sessionId, demo.channelId) };
  printTryIt(base, { sessionId, otherSessionId, userSessionId }, demo, ids);
  printLoginWithDiscord(base, demo);
  console.log(`\nConsole: ${base}/console/  (log in with TOKEN above, or with Discord)`);
  if (once) {
    server.close();
    await discord.close();
    await service.close();
    return;
  }
  console.log('\nRunning. Ctrl-C stops both servers.');
}

class StartFailure extends Error {}

function listen(fetch: Parameters<typeof serve>[0]['fetch']): Promise<ReturnType<typeof serve>> {
  const server = serve({ fetch, port, hostname: '127.0.0.1' });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => resolve(server));
  });
}

async function logIn(base: string, token: string, guildId?: string) {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(guildId ? { token, guildId } : { token }),
  });
  const { sessionId, bot } = (await login.json()) as { sessionId: string; bot: { username: string } };
  return { sessionId, status: login.status, username: bot.username };
}

async function tour(base: string, token: string, guildId: string): Promise<string> {
  console.log(`fake Discord and guildgate are up; guildgate at ${base}\n`);
  const login = await logIn(base, token, guildId);
  const { sessionId } = login;
  console.log(`POST /api/auth/login -> ${login.status}, logged in as ${login.username}`);
  for (let round = 1; round <= 2; round++) {
    const started = performance.now();
    const response = await fetch(`${base}/api/guilds/${guildId}/channels`, { headers: { Authorization: sessionId } });
    const channels = (await response.json()) as unknown[];
    const ms = (performance.now() - started).toFixed(1);
    console.log(`GET /api/guilds/${guildId}/channels -> ${response.status}, ${channels.length} channels, X-Cache: ${response.headers.get('X-Cache')}, ${ms} ms`);
  }
  return sessionId;
}

/** A member's user id and a message id of #general, read through guildgate itself. */
async function sampleIds(base: string, sessionId: string, demo: Demo): Promise<{ userId: string; messageId: string }> {
  const get = async <T>(path: string) => (await (await fetch(`${base}${path}`, { headers: { Authorization: sessionId } })).json()) as T;
  const [member] = await get<{ user: { id: string } }[]>(`/api/guilds/${demo.guildId}/members?limit=1`);
  const [, message] = await get<{ id: string }[]>(`/api/channels/${demo.channelId}/messages?limit=2`);
  if (!member || !message) throw new Error('the demo data has no members or messages');
  return { userId: member.user.id, messageId: message.id };
}

/**
 * "Login with Discord" as one of the fake's people, the way a browser goes through it (the fake
 * approves at once for them): the answer is a user session id, for the README's /api/me lines.
 */
async function logInWithDiscord(base: string, fake: FakeDiscord, userId: string): Promise<string> {
  fake.oauth.autoApprove(userId);
  try {
    const login = await fetch(`${base}/api/oauth/login?returnTo=/api/me`, { redirect: 'manual' });
    const stateCookie = cookiePairs(login);
    const authorize = await fetch(login.headers.get('Location')!, { redirect: 'manual' });
    const callback = await fetch(authorize.headers.get('Location')!, { redirect: 'manual', headers: { Cookie: stateCookie } });
    const session = /(?:^|; )gg_session=([^;]+)/.exec(cookiePairs(callback))?.[1];
    if (!session) throw new Error(`Login with Discord did not end in a session (callback answered ${callback.status})`);
    return session;
  } finally {
    fake.oauth.autoApprove(undefined); // people using the demo in a browser pick someone themselves
  }
}

function cookiePairs(response: Response): string {
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
}

/** A message the bot itself posts, so the README's edit and delete lines have one of its own. */
async function postDemoMessage(base: string, sessionId: string, channelId: string): Promise<string> {
  const response = await fetch(`${base}/api/channels/${channelId}/messages`, {
    method: 'POST',
    headers: { Authorization: sessionId, 'Content-Type': 'application/json' },
    body: JSON.stringify({ content: 'Hello from the guildgate demo' }),
  });
  const { id } = (await response.json()) as { id: string };
  console.log(`POST /api/channels/${channelId}/messages -> ${response.status} (a message of the bot's own, MESSAGE_ID_OWN)`);
  return id;
}

interface SampleIds {
  userId: string;
  messageId: string;
  botMessageId: string;
}

function printTryIt(base: string, sessions: { sessionId: string; otherSessionId: string; userSessionId: string }, demo: Demo, ids: SampleIds): void {
  const variables = {
    GG: base,
    TOKEN: demo.bot.token,
    TOKEN2: demo.otherBot.token,
    SESSION: sessions.sessionId,
    SESSION2: sessions.otherSessionId,
    USER_SESSION: sessions.userSessionId,
    GUILD_ID: demo.guildId,
    CHANNEL_ID: demo.channelId,
    HIDDEN_CHANNEL_ID: demo.hiddenChannelId,
    USER_ID: ids.userId,
    MESSAGE_ID: ids.messageId,
    MESSAGE_ID_OWN: ids.botMessageId,
    ROLE_ID: demo.roleIds[1]!,
    MEMBER_ID: demo.users.nobody.id,
    METRICS_TOKEN: metricsToken,
  };
  const exports = Object.entries(variables).map(([name, value]) => `${name}=${value}`);
  console.log(`
Demo tokens (fake, for this demo only): TOKEN is "${demo.bot.user.username}" (members intent on, in 2 guilds),
TOKEN2 is "${demo.otherBot.user.username}" (members intent off: its member list answers 403 MEMBERS_INTENT_REQUIRED).
Paste this into a shell, then run any curl line of the README's "HTTP API" section as written:

export ${exports.join(' ')}

For example:
  curl -s $GG/api/guilds -H "Authorization: $SESSION"
  curl -si $GG/api/guilds/$GUILD_ID/channels -H "Authorization: $SESSION" | grep -i x-cache
  curl -s "$GG/api/guilds/$GUILD_ID/members?limit=5" -H "Authorization: $SESSION"
  curl -s $GG/api/channels/$HIDDEN_CHANNEL_ID -H "Authorization: $SESSION"     # 403 MISSING_ACCESS`);
}

/** Login with Discord against the fake: the seeded bot's application, the fake's authorize page. */
function demoOAuthEnv(demo: ReturnType<typeof seedDemo>, discordApiUrl: string): Record<string, string> {
  return {
    DISCORD_CLIENT_ID: demo.oauth.clientId,
    DISCORD_CLIENT_SECRET: demo.oauth.clientSecret,
    DISCORD_BOT_TOKEN: demo.bot.token,
    // 127.0.0.1 like every other URL the demo prints: the state cookie must come back to the host that set it.
    OAUTH_REDIRECT_URI: `http://127.0.0.1:${port}/api/oauth/callback`,
    DISCORD_OAUTH_AUTHORIZE_URL: `${new URL(discordApiUrl).origin}/oauth2/authorize`,
  };
}

function printLoginWithDiscord(base: string, demo: Demo): void {
  const people = Object.values(demo.users).map((user) => user.username).join(', ');
  console.log(`
Login with Discord, in a browser: ${base}/api/oauth/login?returnTo=/api/me/guilds
  Pick someone on the fake's page (${people}) and press Authorize:
  you land on /api/me/guilds, logged in by the gg_session cookie. USER_SESSION above is the owner's.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof StartFailure ? error.message : error);
  process.exit(1);
});
