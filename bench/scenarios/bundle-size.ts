// Scenario 7: the Workers bundle as wrangler would upload it, gzipped. "n/a" until the Workers
// build (wrangler.toml) exists.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, runScript } from '../processes.js';
import { fmt, type Row } from '../report.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

export async function bundleSize(): Promise<Row[]> {
  const scenario = '7 Workers bundle size';
  if (!existsSync(join(ROOT, 'wrangler.toml'))) {
    return [{ scenario, measure: 'gzipped bundle (wrangler deploy --dry-run)', guildgate: 'n/a (no wrangler.toml yet)' }];
  }
  const outdir = mkdtempSync(join(tmpdir(), 'guildgate-bundle-'));
  try {
    await runScript([join(ROOT, 'node_modules/.bin/wrangler'), 'deploy', '--dry-run', '--outdir', outdir], { WRANGLER_SEND_METRICS: 'false' })
      .catch((error: unknown) => { throw new Error(`wrangler dry run failed: ${String(error)}`); });
    const code = filesUnder(outdir).filter((f) => /\.(m?js|wasm)$/.test(f));
    const raw = code.reduce((sum, f) => sum + statSync(f).size, 0);
    const gzipped = code.reduce((sum, f) => sum + gzipSync(readFileSync(f), { level: 9 }).byteLength, 0);
    return [{ scenario, measure: `gzipped bundle (wrangler deploy --dry-run; ${fmt.bytes(raw)} before gzip)`, guildgate: `${(gzipped / 1024).toFixed(1)} KiB` }];
  } catch (error) {
    return [{ scenario, measure: 'gzipped bundle (wrangler deploy --dry-run)', guildgate: `n/a (${String(error).slice(0, 120).replace(/\|/g, '/').replace(/\n/g, ' ')})` }];
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
