import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, logInWithToken, screenshot, startConsoleWorld, watchPage, type ConsoleWorld, type Expected } from './driver.js';

/**
 * The console in a real browser (Debian's Chromium through Playwright) against guildgate's Node
 * entry and the standalone fake Discord with the demo's data: the flows that need only the
 * reads, sessions and /metrics. Each fails on a page or console error, a failed request, an
 * unexpected refusal, or a request to another origin.
 */
let world: ConsoleWorld;
let browser: Browser;
let page: Page | undefined;
let watched: { problems: string[] } = { problems: [] };
let base: string;

beforeAll(async () => {
  [world, browser] = await Promise.all([startConsoleWorld(), launchChromium()]);
  base = world.guildgate.url;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await world?.stop();
});

let current: Page;

/** The machine is shared and slow: each check may take a while before it holds. */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 25_000, interval: 250 });

async function openPage(options: { expected?: Expected[]; width?: number } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 } });
  current = page = await context.newPage();
  current.setDefaultTimeout(25_000);
  watched = watchPage(current, base, options);
  return current;
}

afterEach(async () => {
  await page?.context().close();
  page = undefined;
  expect(watched.problems).toEqual([]);
  watched = { problems: [] };
});

describe('the console', { timeout: 240_000 }, () => {
  it('logs in with a bot token, lists the guilds, and shows a guild’s channels by category', async () => {
    await openPage();
    await current.goto(`${base}/console/`);
    await current.getByLabel('Bot token').waitFor();
    await expectAccessible(current, 'sign-in');
    await screenshot(current, 'sign-in');
    await logInWithToken(current, base, world.demo.bot.token);
    // A bot-token session id lives in this tab's sessionStorage, never in localStorage.
    expect(await current.evaluate(() => localStorage.length)).toBe(0);
    await expectAccessible(current, 'guilds');
    await screenshot(current, 'guilds');

    await current.getByRole('link', { name: 'Guildgate Lounge' }).click();
    await current.getByRole('heading', { name: 'Guildgate Lounge' }).waitFor();
    const channels = current.getByRole('region', { name: 'Channels' });
    const community = channels.getByRole('list', { name: 'Community' });
    await community.getByRole('link', { name: 'Text channel: general' }).waitFor();
    const names = async () => (await community.getByRole('link').allInnerTexts()).map((text) => text.replace(/\s+/g, ' '));
    await eventually(names).toEqual(['Text channel: general', 'Announcement channel: announcements', 'Voice channel: Voice Lounge', 'Forum channel: help-forum']);
    await community.getByRole('link', { name: 'Voice channel: Voice Lounge' }).waitFor();
    await community.getByRole('link', { name: 'Forum channel: help-forum' }).waitFor();
    await eventually(() => channels.locator('.source').innerText()).toMatch(/X-Cache (MISS|HIT) · Age \d+ s/);
    await current.getByRole('region', { name: 'Roles' }).getByText('Moderator').waitFor();
    await current.getByRole('region', { name: 'Members' }).locator('.member').first().waitFor();
    await expectAccessible(current, 'guild');
    await screenshot(current, 'guild');

    // The refresh control skips guildgate's cache: the answer says BYPASS.
    await channels.getByRole('button', { name: /Refresh channels/ }).click();
    await eventually(() => channels.locator('.source').innerText()).toMatch(/X-Cache BYPASS/);
  });

  it('opens a channel and shows its messages, newest first, and loads older ones on demand', async () => {
    await openPage();
    await logInWithToken(current, base, world.demo.bot.token);
    await current.goto(`${base}/console/#/guilds/${world.demo.guildId}/${world.demo.channelId}`);
    const messages = current.getByRole('list', { name: 'Messages, newest first' });
    await messages.getByRole('listitem').first().waitFor();
    await eventually(() => messages.getByRole('listitem').count()).toBe(50);
    const times = await messages.locator('time').evaluateAll((nodes) => nodes.map((node) => Date.parse(node.getAttribute('datetime') ?? '')));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    await current.getByRole('button', { name: 'Load older messages' }).click();
    await eventually(() => messages.getByRole('listitem').count()).toBe(100);
    const ids = await messages.getByRole('listitem').count();
    expect(ids).toBe(100);
    await current.getByLabel('Message', { exact: true }).waitFor();
    await current.getByRole('button', { name: 'Send' }).waitFor();
    await expectAccessible(current, 'messages');
    await screenshot(current, 'messages');
  });

  it('pages through members', async () => {
    await openPage();
    await logInWithToken(current, base, world.demo.bot.token);
    await current.goto(`${base}/console/#/guilds/${world.demo.guildId}`);
    const members = current.getByRole('region', { name: 'Members' });
    await eventually(() => members.locator('.member').count()).toBe(25);
    const first = await members.locator('.member .name').first().innerText();
    await members.getByRole('button', { name: 'Next page' }).click();
    await eventually(() => members.locator('.member .name').first().innerText()).not.toBe(first);
    await members.getByRole('button', { name: 'Previous page' }).click();
    await eventually(() => members.locator('.member .name').first().innerText()).toBe(first);
  });

  it('shows a wrong token’s refusal in words', async () => {
    await openPage({ expected: [{ path: /^\/api\/auth\/login$/, status: 401 }, { path: /^\/api\/auth\/login$/, status: 400 }] });
    await current.goto(`${base}/console/`);
    await current.getByLabel('Bot token').fill('not a token');
    await current.getByRole('button', { name: 'Log in', exact: true }).click();
    await eventually(() => current.getByRole('alert').innerText()).toBe('token does not have the shape of a Discord bot token');
    // Well-formed, but Discord does not know it.
    await current.getByLabel('Bot token').fill(`${world.demo.bot.token.slice(0, -6)}AAAAAA`);
    await current.getByRole('button', { name: 'Log in', exact: true }).click();
    await eventually(() => current.getByRole('alert').innerText()).toMatch(/token/i);
    expect(await current.getByRole('alert').innerText()).not.toMatch(/^guildgate answered/);
    await expectAccessible(current, 'sign-in error');
    await screenshot(current, 'sign-in-error');
  });

  it('logs out: the session ends at guildgate and the tab forgets it', async () => {
    await openPage();
    await logInWithToken(current, base, world.demo.bot.token);
    const sessionId = await current.evaluate(() => sessionStorage.getItem('guildgate.session'));
    await current.getByRole('button', { name: 'Log out' }).click();
    await current.getByRole('status').filter({ hasText: 'Logged out.' }).waitFor();
    await current.getByLabel('Bot token').waitFor();
    expect(await current.evaluate(() => sessionStorage.length)).toBe(0);
    const after = await fetch(`${base}/api/auth/session`, { headers: { Authorization: sessionId! } });
    expect(after.status).toBe(401);
    // A reload stays logged out.
    await current.reload();
    await current.getByLabel('Bot token').waitFor();
  });

  it('charts /metrics on the status view, once given the METRICS_TOKEN', async () => {
    // Before the token is entered, /metrics answers 401 and the view says what to do.
    await openPage({ expected: [{ path: /^\/metrics$/, status: 401 }] });
    await logInWithToken(current, base, world.demo.bot.token);
    await current.goto(`${base}/console/#/guilds/${world.demo.guildId}`);
    await current.getByRole('region', { name: 'Channels' }).getByRole('link', { name: 'Text channel: general' }).waitFor();
    await current.getByRole('link', { name: 'Status' }).click();
    await current.getByRole('heading', { name: 'Status' }).waitFor();
    await current.getByRole('alert').filter({ hasText: 'METRICS_TOKEN' }).waitFor();
    await current.getByLabel('Metrics token').fill(world.metricsToken);
    await current.getByRole('button', { name: 'Use token' }).click();
    for (const name of ['Cache hit ratio', 'Calls to Discord', '429 answers', 'Invalid-request budget used', 'Sessions', 'Event streams']) {
      await current.getByRole('img', { name: new RegExp(`^${name}: now`) }).waitFor();
    }
    // A second scrape (5 s later) draws lines: numbers as pictures.
    await eventually(() => current.locator('figure', { hasText: 'Sessions' }).locator('polyline').getAttribute('points')).toMatch(/\d \d/);
    expect(await current.getByRole('img', { name: /^Sessions: now [1-9]/ }).count()).toBe(1);
    await expectAccessible(current, 'status');
    await screenshot(current, 'status');
  });

  it('is usable at 375 px wide and by keyboard alone', async () => {
    await openPage({ width: 375 });
    await current.goto(`${base}/console/`);
    await current.getByLabel('Bot token').waitFor();
    // Tab to the field, type, Enter: no mouse.
    for (let step = 0; step < 10 && !(await current.getByLabel('Bot token').evaluate((node) => node === document.activeElement)); step++) await current.keyboard.press('Tab');
    await current.keyboard.type(world.demo.bot.token);
    await current.keyboard.press('Enter');
    await current.getByRole('heading', { name: 'Guilds of this bot' }).waitFor();
    await current.goto(`${base}/console/#/guilds/${world.demo.guildId}`);
    await current.getByRole('region', { name: 'Channels' }).getByRole('link', { name: 'Text channel: general' }).waitFor();
    const overflow = await current.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(current, 'guild at 375 px');
    await screenshot(current, 'guild-375');
  });
});

describe('serving the console', () => {
  it('answers with a CSP of its own origin only, nosniff, and no inline script', async () => {
    const redirect = await fetch(`${base}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('Location')).toBe('/console/');
    const index = await fetch(`${base}/console/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('Content-Security-Policy')).toMatch(/^default-src 'self'(;|$)/);
    expect(index.headers.get('Content-Security-Policy')).not.toMatch(/unsafe|https?:|data:/);
    expect(index.headers.get('X-Content-Type-Options')).toBe('nosniff');
    const html = await index.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/https?:\/\//);
    const script = /src="(\/console\/[^"]+\.js)"/.exec(html)?.[1];
    const asset = await fetch(`${base}${script}`);
    expect(asset.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect((await fetch(`${base}/console/nothing-here.js`)).status).toBe(404);
    expect((await fetch(`${base}/console/..%2Fpackage.json`)).status).toBe(400);
  });

  it('ships at most 60 KB of gzipped JavaScript', async () => {
    const folder = join('dist', 'public', 'console');
    const scripts = (await readdir(folder)).filter((file) => file.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const sizes = await Promise.all(scripts.map(async (file) => gzipSync(await readFile(join(folder, file)), { level: 9 }).length));
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBeLessThanOrEqual(60 * 1024);
  });
});
