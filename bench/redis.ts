// A real redis-server for the scenarios that run guildgate scaled out, started the way the
// test suite starts one (test/support/redis-server.ts: a free loopback port, a temp dir).
import { RedisServer, redisServerAvailable } from '../test/support/redis-server.js';

/** What every instance of a fleet shares besides REDIS_URL: the secret that seals tokens. */
export const BENCH_SESSION_SECRET = 'bench-secret-for-sealing-bot-tokens-0123456789';

/** Runs `work` with a fresh redis-server, then stops it. No redis-server is a failure, not a skip. */
export async function withRedisServer<T>(work: (url: string) => Promise<T>): Promise<T> {
  if (!redisServerAvailable()) throw new Error('redis-server is not on PATH: install it (apt-get install -y redis-server)');
  const server = await RedisServer.start();
  try {
    return await work(server.url);
  } finally {
    await server.stop();
  }
}

/** The environment of an instance with its sessions in Redis. */
export function redisSessionsEnv(url: string): Record<string, string> {
  return { SESSION_STORE: 'redis', REDIS_URL: url, SESSION_SECRET: BENCH_SESSION_SECRET };
}
