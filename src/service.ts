import type { Hono } from 'hono';
import { createApp } from './app.js';
import { parseConfig, type Config, type Env } from './config.js';
import { createDeps, type Deps, type DepsOverrides } from './deps.js';
import type { AppEnv } from './env.js';

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
  const deps = createDeps(config, overrides);
  const app = createApp(deps);
  return {
    config,
    deps,
    app,
    close: async () => {
      await deps.sessionStore.close?.();
    },
  };
}
