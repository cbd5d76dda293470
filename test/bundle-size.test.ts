import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The Workers bundle exactly as `wrangler deploy --dry-run --outdir` writes it (the upload).
 * Its size is deterministic, so a ceiling is a fair test: 116 kB gzipped (docs/workers.md records
 * the current size). It was 100 kB for Part 1's reads (97.2 kB); Login with Discord, writes,
 * live updates and the console's route took it to 113.2 kB. Workers accept 3 MB (free plan), so
 * the ceiling guards against a dependency sneaking in, not against the limit.
 */
const GZIP_CEILING_BYTES = 116_000;

/** Packages that must never reach the Worker: Node-only, or far too big for it. */
const FORBIDDEN_IN_BUNDLE = ['node_modules/prom-client/', 'node_modules/ioredis/', 'node_modules/zod/', 'node_modules/undici/'];

describe('the Workers bundle', () => {
  let outdir: string;
  let bundle: Buffer;
  let bundledFiles: string[];

  beforeAll(async () => {
    outdir = await mkdtemp(join(tmpdir(), 'guildgate-bundle-'));
    const metafile = join(outdir, 'meta.json');
    await promisify(execFile)(
      'node_modules/.bin/wrangler',
      ['deploy', '--dry-run', '--outdir', join(outdir, 'out'), '--metafile', metafile],
      { env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true' } },
    );
    bundle = await readFile(join(outdir, 'out', 'worker.js'));
    const meta = JSON.parse(await readFile(metafile, 'utf8')) as { inputs: Record<string, unknown> };
    bundledFiles = Object.keys(meta.inputs);
  }, 60_000);

  afterAll(async () => {
    await rm(outdir, { recursive: true, force: true });
  });

  it('stays at or under 116 kB gzipped', () => {
    const gzipped = gzipSync(bundle).length;
    expect(gzipped).toBeGreaterThan(10_000); // a real bundle, not an empty file
    expect(gzipped).toBeLessThanOrEqual(GZIP_CEILING_BYTES);
  });

  it('leaves out prom-client, ioredis, zod and undici', () => {
    const forbidden = bundledFiles.filter((file) => FORBIDDEN_IN_BUNDLE.some((name) => file.includes(name)));
    expect(forbidden).toEqual([]);
  });

  it('takes @discordjs/rest as its fetch build and only the REST module of discord-api-types', () => {
    expect(bundledFiles.some((file) => file.endsWith('@discordjs/rest/dist/web.mjs'))).toBe(true);
    const apiTypes = bundledFiles.filter((file) => file.includes('node_modules/discord-api-types/'));
    expect(apiTypes.length).toBeGreaterThan(0);
    // v10.js re-exports every payload and gateway enum: about 90 kB that the Worker never uses.
    expect(apiTypes.filter((file) => /discord-api-types\/(v10\.m?js|payloads\/|gateway\/)/.test(file))).toEqual([]);
  });
});
