// Standalone fake Discord for the demo and for runtimes that need a real socket:
//   tsx fake-discord/server.ts
// Env: PORT (3001), HOST (127.0.0.1), FAKE_LATENCY_MS (0), FAKE_GLOBAL_LIMIT (50).
// Prints one JSON line (url, tokens, ids, the OAuth client and users to log in as, the Webhook
// Events public key) on stdout for scripts; hints go to stderr.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createFakeDiscord, seedDemo, startFakeDiscordServer, type FakeDiscordServer } from './index.js';

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

export async function main(): Promise<FakeDiscordServer> {
  const fake = createFakeDiscord({
    latencyMs: numberFromEnv('FAKE_LATENCY_MS', 0),
    globalLimitPerSecond: numberFromEnv('FAKE_GLOBAL_LIMIT', 50),
  });
  const demo = seedDemo(fake);
  const server = await startFakeDiscordServer(fake, {
    port: numberFromEnv('PORT', 3001),
    host: process.env.HOST || '127.0.0.1',
  });
  const origin = server.url.replace(/\/api$/, '');
  const summary = {
    url: server.url, token: demo.bot.token, otherToken: demo.otherBot.token, guildId: demo.guildId, channelId: demo.channelId,
    oauth: {
      clientId: demo.oauth.clientId, clientSecret: demo.oauth.clientSecret,
      authorizeUrl: `${origin}/oauth2/authorize`, tokenUrl: `${server.url}/v10/oauth2/token`, users: demo.users,
    },
    webhookPublicKey: await fake.webhookEvents.publicKeyHex(),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.stderr.write([
    `fake Discord listening on ${server.url} (v10 under ${server.url}/v10)`,
    `  guilds: large ${demo.guilds.large} (2,500 members), small ${demo.guilds.small}; other bot's: ${demo.guilds.other}`,
    `  #general ${demo.channelId} (300 messages), hidden from the bot: ${demo.hiddenChannelId}`,
    `  try: curl -H "Authorization: Bot $TOKEN" ${server.url}/v10/users/@me/guilds`,
    `  OAuth: client ${demo.oauth.clientId}, authorize at ${origin}/oauth2/authorize; log in as ${Object.values(demo.users).map((u) => u.username).join(', ')}`,
    '',
  ].join('\n'));
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return server;
}

function runAsScript(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (runAsScript()) {
  main().catch((error: unknown) => {
    process.stderr.write(`fake Discord failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
