import { chromium, type Browser } from 'playwright-core';

/**
 * A system Chromium (Debian's `chromium` package by default; CHROMIUM_PATH names another):
 * Playwright's own browser download needs a network the test machines do not have.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}
