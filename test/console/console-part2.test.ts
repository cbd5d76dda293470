import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerSecret } from '../support/secrets.js';
import { expectAccessible, launchChromium, logInWithToken, screenshot, startConsoleWorld, watchPage, type ConsoleWorld, type Expected } from './driver.js';

/**
 * The console's flows that need Part 2's other APIs: writes (send a message; add and remove a
 * member's role, with `roles?manageable=true` and member search), live updates
 * (`GET /api/events`) and Login with Discord (`/api/oauth/*`, `/api/me/guilds`). They pass once
 * those branches are merged; each fails on a page error, a failed request, an unexpected
 * refusal or a request to another origin (the fake's authorize page only in the Discord flow).
 */
let world: ConsoleWorld;
let browser: Browser;
let page: Page | undefined;
let watched: { problems: string[] } = { problems: [] };
let base: string;

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 25_000, interval: 250 });

beforeAll(async () => {
  [world, browser] = await Promise.all([startConsoleWorld(), launchChromium()]);
  base = world.guildgate.url;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await world?.stop();
});

async function openPage(allowOrigins: string[] = [], expected: Expected[] = []): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const opened = await context.newPage();
  opened.setDefaultTimeout(25_000);
  watched = watchPage(opened, base, { allowOrigins, expected });
  page = opened;
  return opened;
}

afterEach(async () => {
  await page?.context().close();
  page = undefined;
  expect(watched.problems).toEqual([]);
  watched = { problems: [] };
});

/** A session of the demo bot outside the browser: another dashboard acting on the same guild. */
async function otherSession(): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: world.demo.bot.token }) });
  expect(response.status).toBe(200);
  const { sessionId } = (await response.json()) as { sessionId: string };
  registerSecret(sessionId);
  return sessionId;
}

describe('the console with writes, live updates and Login with Discord', { timeout: 240_000 }, () => {
  it('sends a message, and shows messages sent elsewhere through the live event, with no reload', async () => {
    const current = await openPage();
    await logInWithToken(current, base, world.demo.bot.token);
    await current.goto(`${base}/console/#/guilds/${world.demo.guildId}/${world.demo.channelId}`);
    await current.getByRole('status', { name: 'Live updates: Live' }).waitFor();
    const messages = current.getByRole('list', { name: 'Messages, newest first' });
    await messages.getByRole('listitem').first().waitFor();
    let navigations = 0;
    current.on('framenavigated', () => navigations++);

    await current.getByLabel('Message', { exact: true }).fill('Hello from the console');
    await current.getByRole('button', { name: 'Send' }).click();
    await eventually(() => messages.getByRole('listitem').first().locator('.content').innerText()).toBe('Hello from the console');
    expect(await current.getByLabel('Message', { exact: true }).inputValue()).toBe('');

    // Sent by someone else: only the live event can bring it here.
    const sessionId = await otherSession();
    const sent = await fetch(`${base}/api/channels/${world.demo.channelId}/messages`, {
      method: 'POST',
      headers: { Authorization: sessionId, 'Content-Type': 'application/json' },
      body: JSON.stringify({ content: 'Hello from elsewhere' }),
    });
    expect(sent.status).toBe(200);
    await eventually(() => messages.getByRole('listitem').first().locator('.content').innerText()).toBe('Hello from elsewhere');
    expect(navigations).toBe(0);
    await expectAccessible(current, 'messages after send');
  });

  it('says why a message was refused, in the API’s words', async () => {
    const current = await openPage([], [{ path: /^\/api\/channels\/\d+\/messages$/, status: 400 }]);
    await logInWithToken(current, base, world.demo.bot.token);
    await current.goto(`${base}/console/#/guilds/${world.demo.guildId}/${world.demo.channelId}`);
    await current.getByLabel('Message', { exact: true }).fill('x'.repeat(2001));
    await current.getByRole('button', { name: 'Send' }).click();
    const alert = current.getByRole('alert');
    await eventually(() => alert.innerText()).toMatch(/content/i);
    expect(await alert.innerText()).toMatch(/2000/);
    await expectAccessible(current, 'composer error');
  });

  it('adds a role to a member and removes it', async () => {
    const current = await openPage();
    await logInWithToken(current, base, world.demo.bot.token);
    await current.goto(`${base}/console/#/guilds/${world.demo.guildId}`);
    const roles = current.getByRole('region', { name: 'Roles' });
    await eventually(() => roles.getByRole('listitem').filter({ hasText: 'Member' }).innerText()).toMatch(/assignable/);
    expect(await roles.getByRole('listitem').filter({ hasText: 'Moderator' }).innerText()).not.toMatch(/assignable/);

    const members = current.getByRole('region', { name: 'Members' });
    await members.getByLabel('Search members').fill(world.demo.users.nobody.username);
    await members.getByRole('button', { name: 'Search' }).click();
    const nora = members.getByRole('listitem', { name: world.demo.users.nobody.displayName, exact: true });
    await nora.waitFor();
    await nora.getByLabel(`Role to add to ${world.demo.users.nobody.displayName}`).selectOption({ label: 'Member' });
    await nora.getByRole('button', { name: `Add role to ${world.demo.users.nobody.displayName}` }).click();
    const chips = nora.getByRole('list', { name: `Roles of ${world.demo.users.nobody.displayName}` });
    await eventually(() => chips.innerText()).toMatch(/Member/);
    await expectAccessible(current, 'member with role');

    await nora.getByRole('button', { name: `Remove Member from ${world.demo.users.nobody.displayName}` }).click();
    await eventually(() => chips.innerText()).not.toMatch(/Member/);
    const member = await fetch(`${base}/api/guilds/${world.demo.guildId}/members/${world.demo.users.nobody.id}?fresh=true`, { headers: { Authorization: await otherSession() } });
    expect(((await member.json()) as { roles: string[] }).roles).not.toContain(world.demo.roleIds[1]);
  });

  it('logs in with Discord through the authorize page and lists the guilds the person manages', async () => {
    const fakeOrigin = new URL(world.discord.url).origin;
    const current = await openPage([fakeOrigin]);
    await current.goto(`${base}/console/`);
    await current.getByRole('link', { name: 'Log in with Discord' }).click();
    await current.waitForURL((url) => url.origin === fakeOrigin);
    await current.getByLabel('Log in as').selectOption({ value: world.demo.users.manager.id });
    await current.getByRole('button', { name: 'Authorize' }).click();
    await current.getByRole('heading', { name: 'Guilds you manage' }).waitFor();
    expect(new URL(current.url()).origin).toBe(base);
    await current.getByRole('link', { name: 'Guildgate Lounge' }).waitFor();
    await current.getByRole('link', { name: 'Add bot to Side Project' }).waitFor();
    // The cookie holds the session: nothing in this tab's storage but a flag.
    expect(await current.evaluate(() => sessionStorage.getItem('guildgate.session'))).toBeNull();
    expect(await current.evaluate(() => localStorage.length)).toBe(0);
    await expectAccessible(current, 'user guilds');
    await screenshot(current, 'user-guilds');

    await current.getByRole('link', { name: 'Guildgate Lounge' }).click();
    await current.getByRole('region', { name: 'Channels' }).getByRole('link', { name: 'Text channel: general' }).waitFor();
    await current.getByRole('button', { name: 'Log out' }).click();
    await current.getByRole('button', { name: 'Log in', exact: true }).waitFor();
  });
});
