import type { Config } from '../config.js';

/**
 * How /readyz asks the Redis of a service's REDIS_URL for a PING. Deps has no Redis handle (the
 * app does no I/O of its own and must not pull ioredis into the Worker), so scale-out registers
 * the check here under the service's Config, which health.ts already holds. A WeakMap: a
 * service that is gone leaves nothing behind, and two services in one process never mix.
 */
const pings = new WeakMap<Config, () => Promise<unknown>>();

export function registerRedisPing(config: Config, ping: () => Promise<unknown>): void {
  pings.set(config, ping);
}

/** The PING of this config's Redis, or undefined when it has none (no REDIS_URL, or Workers). */
export function redisPingOf(config: Config): (() => Promise<unknown>) | undefined {
  return pings.get(config);
}
