import type { Hono } from 'hono';
import { createApp } from './app.js';
import { systemClock, type Clock } from './clock.js';
import { ConfigError, parseConfig, type Config, type Env } from './config.js';
import { createDeps, loggerFor, type Deps, type DepsOverrides } from './deps.js';
import type { AppEnv } from './env.js';
import type { Logger } from './logger.js';
import type { ScaleOut } from './scale/scale-out.js';
import { chooseSessionStore } from './sessions/choose-store.js';
import type { KvNamespace } from './sessions/kv-store.js';

export interface Service {
  readonly config: Config;
  readonly deps: Deps;
  readonly app: Hono<AppEnv>;
  /** Releases what the service holds (store connections); the server is closed by its entry. */
  close(): Promise<void>;
}

/** Builds the Redis-backed parts; only the process entries pass one, so no Worker bundles ioredis. */
export type ScaleOutFactory = (config: Config, logger: Logger, clock: Clock) => Promise<ScaleOut>;

export interface ServiceOptions {
  overrides?: DepsOverrides;
  /** Node, Bun and Deno: `createScaleOut`, used when REDIS_URL or SESSION_STORE=redis asks for it. */
  scaleOut?: ScaleOutFactory;
  /** Workers: the KV namespace bound as SESSIONS. */
  kv?: KvNamespace;
}

/**
 * The composition root of every runtime: config, dependencies and app from an environment.
 * Throws ConfigError naming each bad key.
 */
export async function buildService(env: Env, options: ServiceOptions = {}): Promise<Service> {
  const config = parseConfig(env);
  const given = options.overrides ?? {};
  const clock = given.clock ?? systemClock;
  // One logger for the app and the Redis parts alike.
  const logger = loggerFor(config, given);
  const scale = wantsRedis(config) ? await startScaleOut(options.scaleOut, config, logger, clock) : undefined;
  const sessionStore =
    given.sessionStore ?? (await chooseSessionStore(config, clock, { ...(options.kv ? { kv: options.kv } : {}), ...scaleSessions(scale) }));
  const deps = createDeps(config, { ...(scale ? withScaleOut(scale, given) : given), logger, sessionStore });
  await scale?.start();
  const app = createApp(deps);
  return {
    config,
    deps,
    app,
    close: async () => {
      // First: open event streams would otherwise hold the server's close forever.
      deps.events.closeAll();
      await deps.sessionStore.close?.();
      await scale?.close();
    },
  };
}

export function wantsRedis(config: Config): boolean {
  return config.sessionStore === 'redis' || config.redisUrl !== '';
}

async function startScaleOut(factory: ScaleOutFactory | undefined, config: Config, logger: Logger, clock: Clock): Promise<ScaleOut> {
  if (!factory) {
    throw new ConfigError(['REDIS_URL cannot be used on this runtime (no Redis client in the bundle): remove it']);
  }
  return factory(config, logger, clock);
}

function scaleSessions(scale: ScaleOut | undefined) {
  const redis = scale?.overrides.sessionStore;
  return redis ? { redis } : {};
}

/** The caller's overrides win, except guards, which add up. */
function withScaleOut(scale: ScaleOut, overrides: DepsOverrides): DepsOverrides {
  const guards = [...(scale.overrides.guards ?? []), ...(overrides.guards ?? [])];
  return { ...scale.overrides, ...overrides, guards };
}
