import type { Hono } from 'hono';
import { createApp } from './app.js';
import { ConfigError, parseConfig, type Config, type Env } from './config.js';
import { createDeps, loggerFor, type Deps, type DepsOverrides } from './deps.js';
import type { AppEnv } from './env.js';
import { systemClock } from './clock.js';
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
export async function buildService(env: Env, given: DepsOverrides = {}): Promise<Service> {
  const config = parseConfig(env);
  // Only the Workers entry has a KV binding; elsewhere `kv` would quietly mean one process's memory.
  if (config.sessionStore === 'kv' && !given.sessionStore) {
    throw new ConfigError(['SESSION_STORE=kv needs a Workers KV binding: on Node, Bun and Deno use memory or redis']);
  }
  // One logger for the app and the Redis parts alike.
  const overrides = { ...given, logger: loggerFor(config, given) };
  const scale = wantsRedis(config) ? await createScaleOut(config, overrides.logger, overrides.clock ?? systemClock) : undefined;
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

/** The caller's overrides win, except guards, which add up. */
function withScaleOut(scale: ScaleOut, overrides: DepsOverrides): DepsOverrides {
  const guards = [...(scale.overrides.guards ?? []), ...(overrides.guards ?? [])];
  return { ...scale.overrides, ...overrides, guards };
}
