/**
 * `npm run start:worker [-- more wrangler dev flags]`: guildgate on workerd, locally, through
 * `wrangler dev`. PORT, HOST and DISCORD_API_URL come from the environment (so it can be
 * pointed at the fake Discord); secrets such as SESSION_SECRET go in .dev.vars or an
 * `--env-file`, never on the command line. No login and no network beyond loopback.
 *
 * wrangler.toml binds KV, and KV sessions need SESSION_SECRET to seal tokens. So that a fresh
 * clone works at once, a missing .dev.vars is created with a random secret (said in one line);
 * it is kept, so sessions in the local KV survive restarts. An `--env-file` replaces it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildConsole } from './build-console.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const wrangler = fileURLToPath(new URL('../node_modules/.bin/wrangler', import.meta.url));

function wranglerDevArgs(env: NodeJS.ProcessEnv, extra: string[]): string[] {
  const args = ['dev', '--local', '--port', env['PORT'] ?? '8787', '--ip', env['HOST'] ?? '127.0.0.1'];
  args.push('--show-interactive-dev-session=false');
  if (env['DISCORD_API_URL']) args.push('--var', `DISCORD_API_URL:${env['DISCORD_API_URL']}`);
  return [...args, ...extra];
}

function ensureDevVars(extra: string[]): void {
  if (extra.some((arg) => arg === '--env-file' || arg.startsWith('--env-file='))) return;
  const devVars = join(root, '.dev.vars');
  if (existsSync(devVars)) return;
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(devVars, `# Local secrets for wrangler dev (gitignored). Made by npm run start:worker.\nSESSION_SECRET=${secret}\n`, { mode: 0o600 });
  console.log('Created .dev.vars with a random SESSION_SECRET (seals tokens in the local KV; keep the file to keep sessions across restarts).');
}

ensureDevVars(process.argv.slice(2));
// The Worker serves the console from its static assets (dist/public): build it first.
await buildConsole();

const child = spawn(wrangler, wranglerDevArgs(process.env, process.argv.slice(2)), {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    WRANGLER_SEND_METRICS: 'false',
    // The banner asks the npm registry for a newer wrangler.
    WRANGLER_HIDE_BANNER: 'true',
    // Miniflare otherwise fetches a sample Request.cf object from workers.cloudflare.com.
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  },
});
const forward = (signal: NodeJS.Signals) => child.kill(signal);
process.once('SIGINT', forward);
process.once('SIGTERM', forward);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
