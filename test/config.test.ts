import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS, ConfigError, parseConfig } from '../src/config.js';
import { buildProcessService as buildService } from '../src/runtime/process-service.js';

describe('configuration', () => {
  it('uses the documented defaults on an empty environment', () => {
    const config = parseConfig({});
    expect(config.port).toBe(3000);
    expect(config.discordApiUrl).toBe('https://discord.com/api');
    expect(config.discordApiVersion).toBe(10);
    expect(config.ttl).toEqual({ guild: 900, channels: 300, roles: 300, members: 60, messages: 10 });
    expect(config.corsOrigins).toEqual(['*']);
    expect(config.sessionStore).toBe('memory');
    expect(config.maxMembers).toBe(CONFIG_DEFAULTS.MAX_MEMBERS);
  });

  it('reads every variable it documents', () => {
    const config = parseConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DISCORD_API_URL: 'http://127.0.0.1:3001/api/',
      CACHE_TTL_CHANNELS: '10',
      MAX_SESSIONS: '5',
      SESSION_IDLE_TTL: '60',
      SESSION_MAX_AGE: '600',
      CACHE_MAX_BYTES: '1000',
      MAX_MEMBERS: '50',
      CORS_ORIGINS: 'https://a.example,https://b.example',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      discordApiUrl: 'http://127.0.0.1:3001/api',
      maxSessions: 5,
      sessionIdleTtl: 60,
      sessionMaxAge: 600,
      cacheMaxBytes: 1000,
      maxMembers: 50,
      corsOrigins: ['https://a.example', 'https://b.example'],
      logLevel: 'warn',
    });
    expect(config.ttl.channels).toBe(10);
  });

  it('names every bad key at once', () => {
    let error: unknown;
    try {
      parseConfig({ PORT: 'eighty', CACHE_TTL_ROLES: '-1', LOG_LEVEL: 'loud', DISCORD_API_URL: 'ftp://x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const key of ['PORT', 'CACHE_TTL_ROLES', 'LOG_LEVEL', 'DISCORD_API_URL']) expect(message).toContain(key);
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('requires REDIS_URL and a SESSION_SECRET for the Redis store', () => {
    expect(() => parseConfig({ SESSION_STORE: 'redis' })).toThrow(/REDIS_URL.*SESSION_SECRET|SESSION_SECRET.*REDIS_URL/s);
  });

  it('refuses SESSION_STORE=kv outside Workers instead of quietly keeping sessions in memory', async () => {
    const env = { SESSION_STORE: 'kv', SESSION_SECRET: 'x'.repeat(40) };
    await expect(buildService(env)).rejects.toThrow(ConfigError);
    await expect(buildService(env)).rejects.toThrow(/SESSION_STORE=kv needs a Workers KV binding/);
  });
});
