/**
 * `npm run console:screenshots`: the README's two pictures of the console (docs/images/
 * console-guild.png and console-status.png), taken in Debian's Chromium from the demo's data:
 * the fake Discord and guildgate in this process, on loopback ports, nothing from the network.
 */
import { mkdir } from 'node:fs/promises';
import { serve } from '@hono/node-server';
import { chromium } from 'playwright-core';
import { createFakeDiscord, seedDemo, startFakeDiscordServer } from '../fake-discord/index.js';
import { buildProcessService } from '../src/runtime/process-service.js';
import { buildConsole } from './build-console.js';

async function main(): Promise<void> {
  await buildConsole();
  const fake = createFakeDiscord({ latencyMs: 20 });
  const demo = seedDemo(fake);
  const discord = await startFakeDiscordServer(fake, { port: 0, host: '127.0.0.1' });
  const service = await buildProcessService({ ...process.env, PORT: '0', HOST: '127.0.0.1', DISCORD_API_URL: discord.url, LOG_LEVEL: 'error' });
  const server = serve({ fetch: service.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
    page.setDefaultTimeout(30_000);
    await page.goto(`${base}/console/`);
    await page.getByLabel('Bot token').fill(demo.bot.token);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.getByRole('heading', { name: 'Guilds of this bot' }).waitFor();
    await page.goto(`${base}/console/#/guilds/${demo.guildId}/${demo.channelId}`);
    await page.getByRole('list', { name: 'Messages, newest first' }).getByRole('listitem').first().waitFor();
    await page.getByRole('region', { name: 'Members' }).locator('.member').first().waitFor();
    await mkdir('docs/images', { recursive: true });
    await page.screenshot({ path: 'docs/images/console-guild.png' });

    await page.getByRole('link', { name: 'Status' }).click();
    // Some traffic between scrapes, so the charts have something to say.
    for (let round = 0; round < 4; round++) {
      await page.evaluate(async (paths) => {
        const sessionId = sessionStorage.getItem('guildgate.session') ?? '';
        for (const path of paths) await fetch(path, { headers: { Authorization: sessionId, 'Cache-Control': 'max-stale=0' }, cache: 'no-store' });
      }, [`/api/guilds/${demo.guildId}/channels`, `/api/guilds/${demo.guildId}/roles`, `/api/channels/${demo.channelId}/messages?limit=${10 + round}`]);
      await page.waitForTimeout(5200);
    }
    await page.screenshot({ path: 'docs/images/console-status.png', fullPage: true });
    console.log('wrote docs/images/console-guild.png and docs/images/console-status.png');
  } finally {
    await browser.close();
    server.close();
    await discord.close();
    await service.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
