import { validate } from '@readme/openapi-parser';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../src/routes/openapi.js';
import { ROUTES } from '../src/routes/table.js';
import { filePublicFiles } from '../src/runtime/file-public-files.js';
import { serveOnLoopback, type Served } from './limits/served.js';
import { Harness } from './support/harness.js';

const document = openApiDocument(ROUTES, 'test');

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1, as a maintained validator reads it', async () => {
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
  });

  it('lists every route the app serves, and no other', () => {
    const harness = new Harness();
    const served = harness.app.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    const documented = Object.entries(document.paths as Record<string, object>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(new Set(served)).toEqual(new Set(documented));
    expect(served.length).toBeGreaterThanOrEqual(20);
  });

  it('is what GET /openapi.json answers', async () => {
    const harness = new Harness();
    const response = await harness.request('/openapi.json');
    expect(response.status).toBe(200);
    const served = (await response.json()) as { paths: object; openapi: string };
    expect(served.openapi).toBe('3.1.0');
    expect(Object.keys(served.paths)).toEqual(Object.keys(document.paths as object));
  });

  it('names every error code a route declares, under the status the error table gives it', () => {
    const operation = (document.paths as Record<string, Record<string, { responses: Record<string, { description: string }> }>>)[
      '/api/guilds/{guildId}/members'
    ]!.get!;
    expect(operation.responses['403']!.description).toContain('MEMBERS_INTENT_REQUIRED');
    expect(operation.responses['401']!.description).toContain('MISSING_SESSION');
    expect(operation.responses['400']!.description).toContain('INVALID_INPUT');
  });
});

describe('the reference page at /docs', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    served = await serveOnLoopback(new Harness({ overrides: { publicFiles: filePublicFiles() } }).app);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('renders the API from guildgate alone, with no request to another origin', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => errors.push(error.message));
    const response = await page.goto(`${served.url}/docs`);
    expect(response?.status()).toBe(200);
    await page.getByText('Log in with a bot token', { exact: false }).first().waitFor({ timeout: 20_000 });
    const origin = new URL(served.url).origin;
    const elsewhere = requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
    expect(elsewhere).toEqual([]);
    expect(requests).toContain(`${origin}/openapi.json`);
    expect(errors).toEqual([]);
    await page.close();
  });
});
