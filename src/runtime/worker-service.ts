import { createApp } from '../app.js';
import { systemClock } from '../clock.js';
import { ConfigError, parseConfig, type Config } from '../config.js';
import { createDeps } from '../deps.js';
import { createLogger, type Logger } from '../logger.js';
import { KvSessionStore, type KvNamespace } from '../sessions/kv-store.js';
import type { SessionStore } from '../sessions/store.js';
import { TokenSealer } from '../sessions/token-seal.js';

/** What a Worker receives as `env`: [vars], secrets, and the optional KV namespace. */
export interface WorkerBindings {
  SESSIONS?: KvNamespace;
  [name: string]: unknown;
}

export type WorkerHandler = (request: Request) => Promise<Response>;

/**
 * Builds the app from a Worker's bindings, once per isolate. A bad configuration does not
 * throw: it becomes a handler that answers every request with a JSON 500 CONFIG_ERROR and logs
 * each bad key, because a Worker has no start-up step that could refuse to deploy.
 */
export async function buildWorkerHandler(bindings: WorkerBindings): Promise<WorkerHandler> {
  let config: Config;
  try {
    config = parseWorkerConfig(bindings);
  } catch (error) {
    if (error instanceof ConfigError) return refusingHandler(error.problems);
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  const sessionStore = await workerSessionStore(config, bindings.SESSIONS, logger);
  // Workers allow no timers outside a request: REST's sweepers stay off.
  const app = createApp(createDeps(config, { logger, sessionStore, sweepers: false }));
  return async (request) => app.fetch(request);
}

/**
 * parseConfig over the bindings, with the session store decided by the KV binding: bound
 * means KV (and so SESSION_SECRET is required to seal tokens), unbound means isolate memory.
 */
function parseWorkerConfig(bindings: WorkerBindings): Config {
  const requested = String(bindings['SESSION_STORE'] ?? '').trim().toLowerCase();
  const problems: string[] = [];
  if (requested === 'redis') problems.push('SESSION_STORE=redis is not available on Workers: bind a KV namespace as SESSIONS');
  if (bindings['REDIS_URL']) problems.push('REDIS_URL cannot be used on Workers (no Redis client in the bundle): remove it');
  if (requested === 'kv' && !bindings.SESSIONS) {
    problems.push('SESSION_STORE=kv needs a KV namespace bound as SESSIONS ([[kv_namespaces]] in wrangler.toml)');
  }
  let config: Config | undefined;
  try {
    config = parseConfig({ ...bindings, SESSION_STORE: bindings.SESSIONS ? 'kv' : 'memory' });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems.map((problem) => explainForWorkers(problem)));
  }
  if (problems.length > 0 || !config) throw new ConfigError(problems);
  return config;
}

function explainForWorkers(problem: string): string {
  if (!problem.startsWith('SESSION_SECRET')) return problem;
  return `${problem}. The KV namespace SESSIONS is bound, so sessions leave the isolate; set the secret with \`wrangler secret put SESSION_SECRET\`, or unbind SESSIONS to keep sessions in memory`;
}

async function workerSessionStore(config: Config, namespace: KvNamespace | undefined, logger: Logger): Promise<SessionStore | undefined> {
  if (!namespace) {
    logger.warn('sessions.in_memory', {
      reason: 'no KV namespace is bound as SESSIONS',
      effect: 'sessions live in this isolate only: they end when it is recycled and other isolates do not know them',
    });
    return undefined; // createDeps builds the memory store
  }
  const sealer = await TokenSealer.fromSecret(config.sessionSecret);
  return new KvSessionStore({ namespace, sealer, clock: systemClock, maxAgeSeconds: config.sessionMaxAge });
}

/** Every request gets the same clear 500, and the log names each bad key every time. */
function refusingHandler(problems: string[]): WorkerHandler {
  const logger = createLogger({ level: 'error' });
  const keys = [...new Set(problems.map((problem) => /^[A-Z][A-Z0-9_]*/.exec(problem)?.[0] ?? 'config'))];
  return async () => {
    const requestId = crypto.randomUUID();
    logger.error('config.invalid', { requestId, problems });
    const body = {
      error: `guildgate cannot serve: its configuration is invalid (${keys.join(', ')}); the worker log says why`,
      code: 'CONFIG_ERROR',
      requestId,
      keys,
    };
    return Response.json(body, { status: 500, headers: { 'X-Request-Id': requestId } });
  };
}
