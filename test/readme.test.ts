import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS } from '../src/config.js';
import { ERROR_STATUS } from '../src/errors.js';
import { ROUTES } from '../src/routes/table.js';

/**
 * The README is the front door: its endpoint table, configuration table and error table must
 * name every route, variable (with its default) and error code the code has. (Its curl lines are
 * run against the demo by test/e2e/readme-curl.test.ts.)
 */
const readme = readFileSync('README.md', 'utf8');

function section(title: string): string {
  const start = readme.indexOf(`\n${title}\n`);
  expect(start, title).toBeGreaterThan(-1);
  const next = readme.slice(start + title.length + 2).search(/\n#{1,3} /);
  return next === -1 ? readme.slice(start) : readme.slice(start, start + title.length + 2 + next);
}

describe('the README', () => {
  it('lists every route of the route table in its endpoint table', () => {
    const table = section('## HTTP API');
    const missing = ROUTES.filter((route) => !new RegExp(`\`${route.method} ${route.path.replace(/[.]/g, '\\.')}[\`?\\s]`).test(table));
    expect(missing.map((route) => `${route.method} ${route.path}`)).toEqual([]);
  });

  it('gives every configuration variable with its default', () => {
    const table = section('## Configuration');
    const rows = new Map([...table.matchAll(/^\| `([A-Z0-9_]+)` \| ([^|]+) \|/gm)].map((match) => [match[1]!, match[2]!.trim()]));
    for (const [key, value] of Object.entries(CONFIG_DEFAULTS)) {
      const shown = String(value) === '' ? '*(empty)*' : `\`${String(value)}\``;
      expect({ key, default: rows.get(key) }).toEqual({ key, default: shown });
    }
  });

  it('names every error code with its status', () => {
    const table = section('### Errors');
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      const rows = table.split('\n').filter((line) => line.includes(`\`${code}\``));
      expect(rows.some((row) => row.startsWith(`| ${status} |`)), `${code} in the ${status} row`).toBe(true);
    }
  });
});
