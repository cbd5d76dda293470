import type { Hono } from 'hono';
import { createApp } from './app.js';
import { parseConfig, type Config, type Env } from './config.js';
import { createDeps, type Deps, type DepsOverrides } from './deps.js';
import type { AppEnv } from './env.js';
import { systemClock } from './clock.js';
import { createLogger } from './logger.js';
import { createScaleOut, wantsRedis, type ScaleOut } from './scale/scale-out.js';

export interface Service {
  readonly config: Config;
  readonly deps: Deps;
  readonly app: Hono<AppEnv>;
  /** Releases what the service holds (store connections); the server is closed by its entry. */
  close(): Promise<void>;
}

/**
 * Config, dependencies and app from an environment: what every server entry does before it
 * serves. Throws ConfigError naming each bad key.
 */
export async function buildService(env: Env, overrides: DepsOverrides = {}): Promise<Service> {
  const config = parseConfig(env);
  const scale = wantsRedis(config) ? await scaleOut(config, overrides) : undefined;
  const deps = createDeps(config, scale ? withScaleOut(scale, overrides) : overrides);
  await scale?.start();
  const app = createApp(deps);
  return {
    config,
    deps,
    app,
    close: async () => {
      await deps.sessionStore.close?.();
      await scale?.close();
    },
  };
}

/** With SESSION_STORE=redis or REDIS_URL: sessions, cache and budgets shared by every instance. */
async function scaleOut(config: Config, overrides: DepsOverrides): Promise<ScaleOut> {
  const clock = overrides.clock ?? systemClock;
  const logger =
    overrides.logger ??
    createLogger({ level: config.logLevel, now: () => clock.now(), ...(overrides.logSink ? { sink: overrides.logSink } : {}) });
  return createScaleOut(config, logger, clock);
}

/** The caller's overrides win, except guards, which add up. */
function withScaleOut(scale: ScaleOut, overrides: DepsOverrides): DepsOverrides {
  const guards = [...(scale.overrides.guards ?? []), ...(overrides.guards ?? [])];
  return { ...scale.overrides, ...overrides, guards };
}
