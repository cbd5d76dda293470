import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeDiscord, startFakeDiscordServer, type FakeDiscordServer } from '../../fake-discord/index.js';
import { describeEndToEnd } from '../support/e2e-scenario.js';
import { freePort, outputOnceItShows, startProcess, type RunningServer } from '../support/processes.js';
import { recordResponse, registerSecret } from '../support/secrets.js';

/**
 * guildgate on workerd, the real Workers runtime, through `npm run start:worker` (wrangler dev),
 * against the standalone fake Discord on loopback. wrangler dev takes seconds to start, so the
 * hooks get generous timeouts.
 */
const STARTUP_MS = 90_000;
const SESSION_SECRET = `workerd-e2e-${randomBytes(24).toString('hex')}`;
registerSecret(SESSION_SECRET);

let scratch: string;
let secretsFile: string;
/** An env file without secrets: passing it keeps start:worker from writing a .dev.vars here. */
let noSecretsFile: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'guildgate-workerd-'));
  secretsFile = join(scratch, 'secrets.env');
  await writeFile(secretsFile, `SESSION_SECRET=${SESSION_SECRET}\n`);
  noSecretsFile = join(scratch, 'no-secrets.env');
  await writeFile(noSecretsFile, '# nothing\n');
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

interface WorkerOptions {
  discordApiUrl: string;
  /** Local KV kept here, so it outlives the process. */
  persistTo?: string;
  withSecret?: boolean;
  vars?: Record<string, string>;
  /** Another wrangler config (default: the top-level wrangler.toml). */
  config?: string;
  /** The worker may be meant to refuse (500): then any answer means it is up. */
  expectRefusal?: boolean;
  port?: number;
  /** More secrets, written with SESSION_SECRET to a fresh env file (never on the command line). */
  secrets?: Record<string, string>;
}

/**
 * Starts a worker; a port taken between `freePort()` and wrangler's bind (workers start side by
 * side, and wrangler picks ports of its own too) is tried again on fresh ports, twice at most.
 */
async function startWorker(options: WorkerOptions): Promise<RunningServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startWorkerOnce(options);
    } catch (error) {
      const portTaken = error instanceof Error && error.message.includes('Address already in use');
      if (!portTaken || options.port !== undefined || attempt === 3) throw error;
    }
  }
}

async function startWorkerOnce(options: WorkerOptions): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const args = ['run', '--silent', 'start:worker', '--', '--inspector-port', String(await freePort())];
  args.push('--persist-to', options.persistTo ?? (await mkdtemp(join(scratch, 'kv-'))));
  if (options.secrets) args.push('--env-file', await secretsFileWith(options.secrets));
  else args.push('--env-file', (options.withSecret ?? true) ? secretsFile : noSecretsFile);
  if (options.config) args.push('--config', options.config);
  for (const [name, value] of Object.entries(options.vars ?? {})) args.push('--var', `${name}:${value}`);
  return startProcess({
    command: 'npm',
    args,
    env: { PORT: String(port), HOST: '127.0.0.1', DISCORD_API_URL: options.discordApiUrl },
    port,
    timeoutMs: STARTUP_MS,
  });
}

/** SESSION_SECRET and the given secrets, in an env file of their own. */
async function secretsFileWith(secrets: Record<string, string>): Promise<string> {
  const directory = await mkdtemp(join(scratch, 'secrets-'));
  const path = join(directory, 'secrets.env');
  const lines = Object.entries({ SESSION_SECRET, ...secrets }).map(([name, value]) => `${name}=${value}`);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

// The settings go in an env file, as secrets would (the OAuth client secret is one).
describeEndToEnd('workerd', (discordApiUrl, port, env) => startWorker({ discordApiUrl, port, secrets: env }), { timeoutMs: STARTUP_MS });

/** A fake Discord with one bot in one guild with two channels, on a loopback port. */
async function seededDiscord(): Promise<{ server: FakeDiscordServer; token: string; guildId: string }> {
  const fake = createFakeDiscord();
  const bot = fake.addBot();
  const guild = fake.addGuild({ botIds: [bot.user.id] });
  fake.addChannel(guild.id, { type: 0 });
  fake.addChannel(guild.id, { type: 2 });
  registerSecret(bot.token);
  return { server: await startFakeDiscordServer(fake, { port: 0 }), token: bot.token, guildId: guild.id };
}

async function call(server: RunningServer, path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(`${server.url}${path}`, init);
  if (!path.startsWith('/api/auth/login')) await recordResponse(`workerd ${path}`, response);
  return response;
}

async function login(server: RunningServer, token: string): Promise<string> {
  const response = await call(server, '/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  expect(response.status).toBe(200);
  const { sessionId } = (await response.json()) as { sessionId: string };
  registerSecret(sessionId);
  return sessionId;
}

/** Every byte wrangler persisted under a directory, as one string. */
async function persistedText(directory: string): Promise<string> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  const contents = await Promise.all(files.map((file) => readFile(file)));
  return Buffer.concat(contents).toString('latin1');
}

describe('sessions in Workers KV on workerd', { timeout: STARTUP_MS * 2 }, () => {
  let discord: Awaited<ReturnType<typeof seededDiscord>>;
  let persistTo: string;
  let sessionId: string;
  let worker: RunningServer | undefined;

  beforeAll(async () => {
    discord = await seededDiscord();
    persistTo = await mkdtemp(join(scratch, 'restart-'));
  });

  afterAll(async () => {
    await worker?.stop();
    await discord?.server.close();
  });

  it('keeps a session across a worker restart when KV is persisted', async () => {
    worker = await startWorker({ discordApiUrl: discord.server.url, persistTo });
    const ready = await call(worker, '/readyz');
    expect(await ready.json()).toMatchObject({ sessionStore: 'kv' });
    sessionId = await login(worker, discord.token);
    await worker.stop();

    worker = await startWorker({ discordApiUrl: discord.server.url, persistTo });
    const session = await call(worker, '/api/auth/session', { headers: { Authorization: sessionId } });
    expect(session.status).toBe(200);
    const channels = await call(worker, `/api/guilds/${discord.guildId}/channels`, { headers: { Authorization: sessionId } });
    expect(channels.status).toBe(200);
    expect(await channels.json()).toHaveLength(2);
  });

  it('keeps neither the bot token nor the session id in KV: the token is sealed, keys are hashes', async () => {
    const persisted = await persistedText(persistTo);
    expect(persisted).toContain('sealedToken');
    expect(persisted).not.toContain(discord.token);
    expect(persisted).not.toContain(sessionId);
  });
});

/** wrangler.toml with absolute paths and without the KV binding: a Worker without KV. */
async function configWithoutKv(): Promise<string> {
  const original = await readFile('wrangler.toml', 'utf8');
  const withoutKv = original.replace(/\[\[kv_namespaces\]\][^[]*/, '');
  expect(withoutKv).not.toMatch(/binding\s*=\s*"SESSIONS"/);
  const absolute = withoutKv.replace(/"(\.\/)?src\//g, `"${resolve('src')}/`).replace(/"(\.\/)?dist\//g, `"${resolve('dist')}/`);
  const directory = await mkdtemp(join(scratch, 'no-kv-'));
  const path = join(directory, 'wrangler.toml');
  await writeFile(path, absolute);
  return path;
}

describe('configuration on workerd', { timeout: STARTUP_MS }, () => {
  let discord: Awaited<ReturnType<typeof seededDiscord>>;
  // Three differently configured workers, started side by side: wrangler dev is slow to start.
  let badSetting: RunningServer;
  let kvWithoutSecret: RunningServer;
  let withoutKv: RunningServer;

  beforeAll(async () => {
    discord = await seededDiscord();
    const discordApiUrl = discord.server.url;
    [badSetting, kvWithoutSecret, withoutKv] = await Promise.all([
      startWorker({ discordApiUrl, vars: { CACHE_TTL_MEMBERS: 'soon' } }),
      startWorker({ discordApiUrl, withSecret: false }),
      startWorker({ discordApiUrl, config: await configWithoutKv(), withSecret: false }),
    ]);
  }, STARTUP_MS);

  afterAll(async () => {
    await Promise.all([badSetting, kvWithoutSecret, withoutKv].map((worker) => worker?.stop()));
    await discord?.server.close();
  });

  it('answers a JSON 500 CONFIG_ERROR and logs the bad key when a setting is invalid; /healthz 200, /readyz 503', async () => {
    expect((await call(badSetting, '/healthz')).status).toBe(200);
    const ready = await call(badSetting, '/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ code: 'CONFIG_ERROR', keys: ['CACHE_TTL_MEMBERS'] });
    const response = await call(badSetting, '/api/guilds');
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({
      code: 'CONFIG_ERROR',
      keys: ['CACHE_TTL_MEMBERS'],
      requestId: expect.any(String),
    });
    const logged = /config\.invalid.*CACHE_TTL_MEMBERS must be a whole number/;
    expect(await outputOnceItShows(badSetting, logged)).toMatch(logged);
  });

  it('refuses to serve when KV is bound but SESSION_SECRET is missing, and says why', async () => {
    const response = await call(kvWithoutSecret, '/api/auth/login', { method: 'POST', body: '{}' });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ code: 'CONFIG_ERROR', keys: ['SESSION_SECRET'] });
    const log = await outputOnceItShows(kvWithoutSecret, /config\.invalid/);
    expect(log).toContain('SESSION_SECRET of at least 32 characters is required when SESSION_STORE=kv');
    expect(log).toContain('wrangler secret put SESSION_SECRET');
  });

  it('keeps sessions in isolate memory and warns once when no KV namespace is bound', async () => {
    const ready = await call(withoutKv, '/readyz');
    expect(await ready.json()).toMatchObject({ sessionStore: 'memory' });
    const sessionId = await login(withoutKv, discord.token);
    const session = await call(withoutKv, '/api/auth/session', { headers: { Authorization: sessionId } });
    expect(session.status).toBe(200);
    const log = await outputOnceItShows(withoutKv, /"path":"\/api\/auth\/session"/);
    const warnings = log.match(/"event":"sessions\.in_memory"/g) ?? [];
    expect(warnings).toHaveLength(1);
  });
});

/** A fresh clone, as a newcomer has it: the sources, no .dev.vars, no .wrangler state. */
async function cleanClone(): Promise<string> {
  const directory = await mkdtemp(join(scratch, 'clone-'));
  for (const path of ['src', 'scripts', 'console', 'wrangler.toml', 'package.json', 'tsconfig.json']) {
    await cp(resolve(path), join(directory, path), { recursive: true });
  }
  await symlink(resolve('node_modules'), join(directory, 'node_modules'), 'dir');
  return directory;
}

describe('npm run start:worker from a clean clone, without .dev.vars', { timeout: STARTUP_MS * 2 }, () => {
  let discord: Awaited<ReturnType<typeof seededDiscord>>;
  let clone: string;
  let worker: RunningServer | undefined;

  beforeAll(async () => {
    discord = await seededDiscord();
    clone = await cleanClone();
    const port = await freePort();
    worker = await startProcess({
      command: 'npm',
      args: ['run', '--silent', 'start:worker', '--', '--inspector-port', String(await freePort())],
      env: { PORT: String(port), HOST: '127.0.0.1', DISCORD_API_URL: discord.server.url },
      cwd: clone,
      port,
      timeoutMs: STARTUP_MS,
    });
  }, STARTUP_MS);

  afterAll(async () => {
    await worker?.stop();
    await discord?.server.close();
  });

  it('writes .dev.vars with a random SESSION_SECRET, says so in one line, answers /healthz and logs in', async () => {
    const devVars = await readFile(join(clone, '.dev.vars'), 'utf8');
    const secret = /^SESSION_SECRET=(\S{32,})$/m.exec(devVars)?.[1];
    expect(secret).toBeDefined();
    registerSecret(secret!);
    expect(worker!.output.join('')).toMatch(/^Created \.dev\.vars with a random SESSION_SECRET/m);
    expect((await call(worker!, '/healthz')).status).toBe(200);
    const ready = await call(worker!, '/readyz');
    expect(await ready.json()).toMatchObject({ status: 'ready', sessionStore: 'kv' });
    const sessionId = await login(worker!, discord.token);
    const channels = await call(worker!, `/api/guilds/${discord.guildId}/channels`, { headers: { Authorization: sessionId } });
    expect(channels.status).toBe(200);
  });
});
