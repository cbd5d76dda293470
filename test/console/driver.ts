import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { createFakeDiscord, seedDemo, startFakeDiscordServer, type DemoData, type FakeDiscord, type FakeDiscordServer } from '../../fake-discord/index.js';
import { freePort, startProcess, type RunningServer } from '../support/processes.js';
import { registerSecret } from '../support/secrets.js';

export { launchChromium } from '../support/chromium.js';

export interface ConsoleWorld {
  fake: FakeDiscord;
  demo: DemoData;
  discord: FakeDiscordServer;
  guildgate: RunningServer;
  /** The METRICS_TOKEN guildgate was started with. */
  metricsToken: string;
  stop(): Promise<void>;
}

/**
 * The demo's data in the standalone fake Discord, and guildgate's Node entry in its own process
 * in front of it, with "Log in with Discord" configured against the fake's authorize page.
 */
export async function startConsoleWorld(): Promise<ConsoleWorld> {
  // /metrics is closed by default: the status view is shown the token, as an operator would type it.
  const metricsToken = randomBytes(16).toString('hex');
  registerSecret(metricsToken);
  const fake = createFakeDiscord();
  const demo = seedDemo(fake);
  for (const secret of [demo.bot.token, demo.otherBot.token, demo.oauth.clientSecret]) registerSecret(secret);
  const discord = await startFakeDiscordServer(fake, { port: 0, host: '127.0.0.1' });
  const port = await freePort();
  const guildgate = await startProcess({
    command: 'node_modules/.bin/tsx',
    args: ['src/runtime/node.ts'],
    port,
    timeoutMs: 90_000,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DISCORD_API_URL: discord.url,
      LOG_LEVEL: 'warn',
      DISCORD_CLIENT_ID: demo.oauth.clientId,
      DISCORD_CLIENT_SECRET: demo.oauth.clientSecret,
      DISCORD_BOT_TOKEN: demo.bot.token,
      OAUTH_REDIRECT_URI: `http://127.0.0.1:${port}/api/oauth/callback`,
      DISCORD_OAUTH_AUTHORIZE_URL: `${new URL(discord.url).origin}/oauth2/authorize`,
      METRICS_TOKEN: metricsToken,
    },
  });
  return {
    fake,
    demo,
    discord,
    guildgate,
    metricsToken,
    stop: async () => {
      await guildgate.stop();
      await discord.close();
    },
  };
}

/** An answer a flow expects to be refused: its path and status. */
export interface Expected {
  readonly path: RegExp;
  readonly status: number;
}

/**
 * Answers a console may meet on a guildgate without the feature, and copes with: OAuth off
 * (its probe answers 404) and no live updates yet (`/api/events` 404: panels keep their refresh).
 */
export const FEATURE_PROBES: Expected[] = [
  { path: /^\/api\/oauth\/login$/, status: 404 },
  { path: /^\/api\/events$/, status: 404 },
];

/**
 * Watches a page for what fails a flow: a page error or console error, a failed request, a
 * refused answer the flow did not expect, or a request to another origin (only `allowOrigins`).
 */
export function watchPage(page: Page, origin: string, options: { expected?: Expected[]; allowOrigins?: string[] } = {}): { problems: string[] } {
  const problems: string[] = [];
  const expected = [...FEATURE_PROBES, ...(options.expected ?? [])];
  const allowed = new Set([origin, ...(options.allowOrigins ?? [])]);
  const isExpected = (url: string, status: number) => {
    const { pathname, origin: from } = new URL(url);
    return from === origin && expected.some((answer) => answer.status === status && answer.path.test(pathname));
  };
  const expectedUrls = new Set<string>();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = message.location().url;
    if (/Failed to load resource/.test(message.text()) && expectedUrls.has(url)) return;
    problems.push(`console error: ${message.text()} (${url})`);
  });
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:')) return;
    if (!allowed.has(new URL(url).origin)) problems.push(`request to another origin: ${url}`);
  });
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? '';
    // The live stream is cancelled on purpose (log out, page closed).
    if (failure === 'net::ERR_ABORTED' && new URL(request.url()).pathname === '/api/events') return;
    problems.push(`request failed: ${request.method()} ${request.url()} ${failure}`);
  });
  page.on('response', (response) => {
    if (response.status() < 400) return;
    if (isExpected(response.url(), response.status())) expectedUrls.add(response.url());
    else problems.push(`refused: ${response.request().method()} ${response.url()} -> ${response.status()}`);
  });
  return { problems };
}

/** axe-core finds no serious or critical violation on the view. */
export async function expectAccessible(page: Page, view: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${view}: ${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(bad).toEqual([]);
}

export const ARTIFACTS = join('test-artifacts', 'console');

export async function screenshot(page: Page, name: string, path = join(ARTIFACTS, `${name}.png`)): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await page.screenshot({ path, fullPage: true });
}

/** Logs in on the sign-in view with a bot token; the session id it got is a registered secret. */
export async function logInWithToken(page: Page, base: string, token: string): Promise<void> {
  await page.goto(`${base}/console/`);
  await page.getByLabel('Bot token').fill(token);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.getByRole('heading', { name: 'Guilds of this bot' }).waitFor();
  const sessionId = await page.evaluate(() => sessionStorage.getItem('guildgate.session'));
  expect(sessionId).toBeTruthy();
  registerSecret(sessionId!);
}
