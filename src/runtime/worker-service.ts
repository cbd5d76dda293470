import type { ExecutionContext } from 'hono';
import { ConfigError, parseConfig, type Env } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { noPublicFiles, type PublicFiles } from '../public-files.js';
import { acceptOrMakeRequestId } from '../middleware/request-ids.js';
import { buildService } from '../service.js';
import type { KvNamespace } from '../sessions/kv-store.js';

/** What a Worker receives as `env`: [vars], secrets, and the optional KV namespace. */
export interface WorkerBindings {
  SESSIONS?: KvNamespace;
  /** The static assets (dist/public), when wrangler.toml binds them. */
  ASSETS?: { fetch(request: Request): Promise<Response> };
  [name: string]: unknown;
}

/** Work a Worker may finish after answering (a Webhook Event's processing). */
export type WorkerContext = ExecutionContext;

export type WorkerHandler = (request: Request, context?: WorkerContext) => Promise<Response>;

/**
 * Builds the app from a Worker's bindings, once per isolate. A bad configuration does not
 * throw: it becomes a handler that answers every request with a JSON 500 CONFIG_ERROR (but
 * /healthz 200, as the isolate is alive, and /readyz 503) and logs each bad key, because a
 * Worker has no start-up step that could refuse to deploy.
 */
export async function buildWorkerHandler(bindings: WorkerBindings): Promise<WorkerHandler> {
  let env: Env;
  try {
    env = workerEnv(bindings);
  } catch (error) {
    if (error instanceof ConfigError) return refusingHandler(error.problems);
    throw error;
  }
  const logger = createLogger({ level: parseConfig(env).logLevel });
  if (!bindings.SESSIONS) warnInMemory(logger);
  // Workers allow no timers outside a request: REST's sweepers stay off. No scaleOut: no ioredis here.
  // The peer is what Cloudflare's edge reports (getConnInfo's rule for Workers).
  const { app } = await buildService(env, {
    overrides: { logger, sweepers: false, peerAddress: (c) => c.req.header('CF-Connecting-IP'), publicFiles: assetFiles(bindings) },
    ...(bindings.SESSIONS ? { kv: bindings.SESSIONS } : {}),
  });
  return async (request, context) => app.fetch(request, undefined, context);
}

/**
 * The bindings as an environment, with the session store decided by the KV binding: bound
 * means KV (and so SESSION_SECRET is required to seal tokens), unbound means isolate memory.
 * Checked here, with Workers' own words for each problem.
 */
function workerEnv(bindings: WorkerBindings): Env {
  const requested = String(bindings['SESSION_STORE'] ?? '').trim().toLowerCase();
  const problems: string[] = [];
  if (requested === 'redis') problems.push('SESSION_STORE=redis is not available on Workers: bind a KV namespace as SESSIONS');
  if (bindings['REDIS_URL']) problems.push('REDIS_URL cannot be used on Workers (no Redis client in the bundle): remove it');
  if (requested === 'kv' && !bindings.SESSIONS) {
    problems.push('SESSION_STORE=kv needs a KV namespace bound as SESSIONS ([[kv_namespaces]] in wrangler.toml)');
  }
  const env = { ...bindings, SESSION_STORE: bindings.SESSIONS ? 'kv' : 'memory' } as Env;
  try {
    parseConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems.map((problem) => explainForWorkers(problem)));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return env;
}

function explainForWorkers(problem: string): string {
  if (!problem.startsWith('SESSION_SECRET')) return problem;
  return `${problem}. The KV namespace SESSIONS is bound, so sessions leave the isolate. Locally, \`npm run start:worker\` writes one into .dev.vars when that file is missing (or put SESSION_SECRET=<32+ random characters> in .dev.vars yourself); deployed, set it with \`wrangler secret put SESSION_SECRET\`. Or unbind SESSIONS to keep sessions in memory`;
}

function warnInMemory(logger: Logger): void {
  logger.warn('sessions.in_memory', {
    reason: 'no KV namespace is bound as SESSIONS',
    effect: 'sessions live in this isolate only: they end when it is recycled and other isolates do not know them',
  });
}

/**
 * Every request gets the same clear 500, and the log names each bad key every time; except the
 * probes: /healthz answers 200 (the isolate is alive: restarting it fixes nothing) and /readyz
 * 503 with the same CONFIG_ERROR body (it cannot serve).
 */
function refusingHandler(problems: string[]): WorkerHandler {
  const logger = createLogger({ level: 'error' });
  const keys = [...new Set(problems.map((problem) => /^[A-Z][A-Z0-9_]*/.exec(problem)?.[0] ?? 'config'))];
  return async (request) => {
    const requestId = acceptOrMakeRequestId(request.headers.get('X-Request-Id'), () => crypto.randomUUID());
    const headers = { 'X-Request-Id': requestId };
    const path = new URL(request.url).pathname;
    if (request.method === 'GET' && path === '/healthz') return Response.json({ status: 'ok' }, { headers });
    logger.error('config.invalid', { requestId, problems });
    const body = {
      error: `guildgate cannot serve: its configuration is invalid (${keys.join(', ')}); the worker log says why`,
      code: 'CONFIG_ERROR',
      requestId,
      keys,
    };
    const status = request.method === 'GET' && path === '/readyz' ? 503 : 500;
    return Response.json(body, { status, headers });
  };
}

/** Files from the static assets binding; a 404 there is no file. */
function assetFiles(bindings: WorkerBindings): PublicFiles {
  const assets = bindings.ASSETS;
  if (!assets) return noPublicFiles;
  return async (path) => {
    const response = await assets.fetch(new Request(new URL(path, 'https://assets.invalid')));
    return response.ok ? response : undefined;
  };
}
