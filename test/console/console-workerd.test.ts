import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeDiscord, seedDemo, startFakeDiscordServer, type DemoData, type FakeDiscordServer } from '../../fake-discord/index.js';
import { freePort, startProcess, type RunningServer } from '../support/processes.js';
import { registerSecret } from '../support/secrets.js';
import { launchChromium, logInWithToken, screenshot, watchPage } from './driver.js';

/** The console from the Worker's static assets, on workerd (`npm run start:worker`), logging in. */
const STARTUP_MS = 120_000;
const SESSION_SECRET = `console-workerd-${randomBytes(24).toString('hex')}`;
registerSecret(SESSION_SECRET);

describe('the console on workerd', { timeout: STARTUP_MS }, () => {
  let scratch: string;
  let discord: FakeDiscordServer;
  let demo: DemoData;
  let worker: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'guildgate-console-workerd-'));
    const secrets = join(scratch, 'secrets.env');
    await writeFile(secrets, `SESSION_SECRET=${SESSION_SECRET}\n`);
    const fake = createFakeDiscord();
    demo = seedDemo(fake);
    registerSecret(demo.bot.token);
    discord = await startFakeDiscordServer(fake, { port: 0, host: '127.0.0.1' });
    const port = await freePort();
    const args = ['run', '--silent', 'start:worker', '--', '--inspector-port', String(await freePort()), '--persist-to', join(scratch, 'kv'), '--env-file', secrets];
    [worker, browser] = await Promise.all([
      startProcess({ command: 'npm', args, env: { PORT: String(port), HOST: '127.0.0.1', DISCORD_API_URL: discord.url }, port, timeoutMs: STARTUP_MS }),
      launchChromium(),
    ]);
  }, STARTUP_MS * 2);

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await discord?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('serves the console with its CSP, and it logs in and shows a guild', async () => {
    const index = await fetch(`${worker.url}/console/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('Content-Security-Policy')).toMatch(/^default-src 'self'/);
    expect(index.headers.get('X-Content-Type-Options')).toBe('nosniff');
    const context = await browser.newContext();
    const page: Page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const watched = watchPage(page, worker.url);
    await logInWithToken(page, worker.url, demo.bot.token);
    await page.getByRole('link', { name: 'Guildgate Lounge' }).click();
    await page.getByRole('region', { name: 'Channels' }).getByRole('link', { name: 'Text channel: general' }).waitFor();
    await screenshot(page, 'workerd-guild');
    await context.close();
    expect(watched.problems).toEqual([]);
  });
});
