/**
 * `npm run demo`: guildgate against the fake Discord, with seeded data, for anyone without a
 * bot at hand. Starts both servers, takes a short tour (login, channels twice: MISS then HIT),
 * then prints curl lines to try. `--once` exits after the tour (CI checks the demo that way).
 */
import { serve } from '@hono/node-server';
import { buildProcessService as buildService } from '../src/runtime/process-service.js';
import { createFakeDiscord, seedDemo, startFakeDiscordServer } from '../fake-discord/index.js';
import { buildConsole } from './build-console.js';

const port = Number(process.env.PORT ?? 3000);
// FAKE_DISCORD_PORT moves the fake Discord off 3001.
const fakePort = Number(process.env.FAKE_DISCORD_PORT ?? 3001);
const once = process.argv.includes('--once');

async function main(): Promise<void> {
  await buildConsole();
  const fake = createFakeDiscord({ latencyMs: 30 });
  const demo = seedDemo(fake);
  const discord = await startFakeDiscordServer(fake, { port: fakePort, host: '127.0.0.1' });
  const service = await buildService({ ...process.env, PORT: String(port), HOST: '127.0.0.1', DISCORD_API_URL: discord.url, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const server = serve({ fetch: service.app.fetch, port, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${port}`;
  const sessionId = await tour(base, demo.bot.token, demo.guildId);
  printTryIt(base, demo.bot.token, sessionId, demo);
  console.log(`\nConsole: ${base}/console/  (log in with the demo bot token above)`);
  if (once) {
    server.close();
    await discord.close();
    await service.close();
    return;
  }
  console.log('\nRunning. Ctrl-C stops both servers.');
}

async function tour(base: string, token: string, guildId: string): Promise<string> {
  console.log(`fake Discord and guildgate are up; guildgate at ${base}\n`);
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token, guildId }),
  });
  const { sessionId, bot } = (await login.json()) as { sessionId: string; bot: { username: string } };
  console.log(`POST /api/auth/login -> ${login.status}, logged in as ${bot.username}`);
  for (let round = 1; round <= 2; round++) {
    const started = performance.now();
    const response = await fetch(`${base}/api/guilds/${guildId}/channels`, { headers: { Authorization: sessionId } });
    const channels = (await response.json()) as unknown[];
    const ms = (performance.now() - started).toFixed(1);
    console.log(`GET /api/guilds/${guildId}/channels -> ${response.status}, ${channels.length} channels, X-Cache: ${response.headers.get('X-Cache')}, ${ms} ms`);
  }
  return sessionId;
}

function printTryIt(base: string, token: string, sessionId: string, demo: ReturnType<typeof seedDemo>): void {
  console.log(`
Demo bot token (fake, for this demo only): ${token}
Session id from the tour: ${sessionId}

Try:
  curl -s -X POST ${base}/api/auth/login -H 'Content-Type: application/json' -d '{"token":"${token}"}'
  SESSION=${sessionId}
  curl -s ${base}/api/auth/session -H "Authorization: Bearer $SESSION"
  curl -s ${base}/api/guilds -H "Authorization: $SESSION"
  curl -si ${base}/api/guilds/${demo.guildId}/channels -H "Authorization: $SESSION" | grep -i x-cache
  curl -s '${base}/api/guilds/${demo.guildId}/channels?type=2' -H "Authorization: $SESSION"
  curl -s ${base}/api/guilds/${demo.guildId}/roles -H "Authorization: $SESSION"
  curl -s '${base}/api/guilds/${demo.guildId}/members?limit=5' -H "Authorization: $SESSION"
  curl -s '${base}/api/guilds/${demo.guildId}/members?all=true' -H "Authorization: $SESSION" | head -c 300
  curl -s '${base}/api/channels/${demo.channelId}/messages?limit=250' -H "Authorization: $SESSION" | head -c 300
  curl -s ${base}/api/channels/${demo.hiddenChannelId} -H "Authorization: $SESSION"     # 403 MISSING_ACCESS
  curl -s -X POST ${base}/api/auth/logout -H "Authorization: $SESSION"`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
