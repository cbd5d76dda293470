import type { Clock } from '../clock.js';
import { ConfigError, type Config } from '../config.js';
import type { KvNamespace } from './kv-store.js';
import { KvSessionStore } from './kv-store.js';
import { MemorySessionStore } from './memory-store.js';
import type { SessionStore } from './store.js';
import { TokenSealer } from './token-seal.js';

/** What a runtime can offer besides memory: the Worker's KV binding, the process entries' Redis. */
export interface SessionStoreSources {
  readonly kv?: KvNamespace;
  readonly redis?: SessionStore;
}

/**
 * The one place SESSION_STORE becomes a store. A store the runtime cannot offer is a
 * ConfigError, never a quiet fall back to one process's memory.
 */
export async function chooseSessionStore(config: Config, clock: Clock, sources: SessionStoreSources): Promise<SessionStore> {
  switch (config.sessionStore) {
    case 'memory':
      return memorySessionStore(config, clock);
    case 'kv': {
      if (!sources.kv) throw new ConfigError(['SESSION_STORE=kv needs a Workers KV binding: on Node, Bun and Deno use memory or redis']);
      const sealer = await TokenSealer.fromSecret(config.sessionSecret);
      return new KvSessionStore({ namespace: sources.kv, sealer, clock, maxAgeSeconds: config.sessionMaxAge });
    }
    case 'redis':
      if (!sources.redis) throw new ConfigError(['SESSION_STORE=redis is not available on this runtime (no Redis client)']);
      return sources.redis;
  }
}

/** The default store: bounded, in this process. */
export function memorySessionStore(config: Config, clock: Clock): MemorySessionStore {
  return new MemorySessionStore({
    maxSessions: config.maxSessions,
    maxSessionsPerBot: config.maxSessionsPerBot,
    maxAgeSeconds: config.sessionMaxAge,
    clock,
  });
}
