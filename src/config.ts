import { LOG_LEVELS, type LogLevel } from './logger.js';

/**
 * Every setting guildgate reads, with its default. Runtime entries hand `parseConfig` their
 * environment (process.env, Deno.env, Worker bindings); nothing else reads the environment.
 * Durations named *_TTL / *_AGE are seconds, *_MS milliseconds.
 */
export const CONFIG_DEFAULTS = {
  PORT: 3000,
  HOST: '0.0.0.0',
  DISCORD_API_URL: 'https://discord.com/api',
  DISCORD_API_VERSION: 10,
  CACHE_TTL_GUILD: 900,
  CACHE_TTL_CHANNELS: 300,
  CACHE_TTL_ROLES: 300,
  CACHE_TTL_MEMBERS: 60,
  CACHE_TTL_MESSAGES: 10,
  NEGATIVE_CACHE_TTL: 30,
  CACHE_LOCAL_TTL_MS: 2000,
  CACHE_MAX_BYTES: 64 * 1024 * 1024,
  MAX_SESSIONS: 100_000,
  SESSION_IDLE_TTL: 24 * 3600,
  SESSION_MAX_AGE: 7 * 24 * 3600,
  SESSION_STORE: 'memory',
  SESSION_SECRET: '',
  REDIS_URL: '',
  MAX_MEMBERS: 10_000,
  MAX_RATE_LIMIT_WAIT_MS: 5000,
  UPSTREAM_TIMEOUT_MS: 10_000,
  UPSTREAM_RETRIES: 2,
  INVALID_REQUEST_BUDGET: 8000,
  LOGIN_RATE_LIMIT: 10,
  TRUST_PROXY: false,
  METRICS_TOKEN: '',
  CORS_ORIGINS: '*',
  LOG_LEVEL: 'info',
  EVENTS_HEARTBEAT_MS: 15_000,
  MAX_EVENT_STREAMS: 1000,
  DISCORD_PUBLIC_KEY: '',
} as const satisfies Record<string, string | number | boolean>;

export type ConfigKey = keyof typeof CONFIG_DEFAULTS;
export const SESSION_STORES = ['memory', 'redis', 'kv'] as const;
export type SessionStoreKind = (typeof SESSION_STORES)[number];

export interface Config {
  port: number;
  host: string;
  discordApiUrl: string;
  discordApiVersion: number;
  /** Seconds each kind of data stays fresh in the cache. */
  ttl: CacheTtls;
  negativeCacheTtl: number;
  /** With Redis: how long an instance answers from its own small LRU without asking Redis. */
  cacheLocalTtlMs: number;
  cacheMaxBytes: number;
  maxSessions: number;
  sessionIdleTtl: number;
  sessionMaxAge: number;
  sessionStore: SessionStoreKind;
  sessionSecret: string;
  redisUrl: string;
  maxMembers: number;
  maxRateLimitWaitMs: number;
  upstreamTimeoutMs: number;
  upstreamRetries: number;
  invalidRequestBudget: number;
  loginRateLimit: number;
  trustProxy: boolean;
  metricsToken: string;
  corsOrigins: string[];
  logLevel: LogLevel;
  /** Live updates: a comment line on every event stream this often. */
  eventsHeartbeatMs: number;
  maxEventStreams: number;
  /** Discord's Webhook Events public key (hex); empty turns the endpoint off. */
  discordPublicKey: string;
}

export interface CacheTtls {
  guild: number;
  channels: number;
  roles: number;
  members: number;
  messages: number;
}

export type Env = Record<string, unknown>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError' as const;
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

/** Reads one key at a time, collecting every problem so the operator fixes them all at once. */
class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  private raw(key: ConfigKey): string | undefined {
    const value = this.env[key];
    if (value === undefined || value === null) return undefined;
    const text = String(value).trim();
    return text === '' ? undefined : text;
  }

  int(key: ConfigKey, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const fallback = CONFIG_DEFAULTS[key] as number;
    const text = this.raw(key);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) {
      this.problems.push(`${key} must be a whole number from ${min} to ${max} (got "${text}")`);
      return fallback;
    }
    return value;
  }

  string(key: ConfigKey): string {
    return this.raw(key) ?? (CONFIG_DEFAULTS[key] as string);
  }

  url(key: ConfigKey): string {
    const text = this.string(key);
    try {
      const url = new URL(text);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
      return text.replace(/\/+$/, '');
    } catch {
      this.problems.push(`${key} must be an http(s) URL (got "${text}")`);
      return CONFIG_DEFAULTS[key] as string;
    }
  }

  oneOf<T extends string>(key: ConfigKey, allowed: readonly T[]): T {
    const text = this.string(key).toLowerCase();
    if ((allowed as readonly string[]).includes(text)) return text as T;
    this.problems.push(`${key} must be one of ${allowed.join(', ')} (got "${text}")`);
    return CONFIG_DEFAULTS[key] as T;
  }

  bool(key: ConfigKey): boolean {
    const text = this.raw(key)?.toLowerCase();
    if (text === undefined) return CONFIG_DEFAULTS[key] as boolean;
    if (['1', 'true', 'yes', 'on'].includes(text)) return true;
    if (['0', 'false', 'no', 'off'].includes(text)) return false;
    this.problems.push(`${key} must be true or false (got "${text}")`);
    return CONFIG_DEFAULTS[key] as boolean;
  }
}

const DAY = 24 * 3600;

export function parseConfig(env: Env): Config {
  const read = new EnvReader(env);
  const config: Config = {
    port: read.int('PORT', 0, 65535),
    host: read.string('HOST'),
    discordApiUrl: read.url('DISCORD_API_URL'),
    discordApiVersion: read.int('DISCORD_API_VERSION', 6, 99),
    ttl: {
      guild: read.int('CACHE_TTL_GUILD', 0, 30 * DAY),
      channels: read.int('CACHE_TTL_CHANNELS', 0, 30 * DAY),
      roles: read.int('CACHE_TTL_ROLES', 0, 30 * DAY),
      members: read.int('CACHE_TTL_MEMBERS', 0, 30 * DAY),
      messages: read.int('CACHE_TTL_MESSAGES', 0, 30 * DAY),
    },
    negativeCacheTtl: read.int('NEGATIVE_CACHE_TTL', 0, DAY),
    cacheLocalTtlMs: read.int('CACHE_LOCAL_TTL_MS', 0, 60_000),
    cacheMaxBytes: read.int('CACHE_MAX_BYTES', 0),
    maxSessions: read.int('MAX_SESSIONS', 1),
    sessionIdleTtl: read.int('SESSION_IDLE_TTL', 1, 365 * DAY),
    sessionMaxAge: read.int('SESSION_MAX_AGE', 1, 365 * DAY),
    sessionStore: read.oneOf('SESSION_STORE', SESSION_STORES),
    sessionSecret: read.string('SESSION_SECRET'),
    redisUrl: read.string('REDIS_URL'),
    maxMembers: read.int('MAX_MEMBERS', 1, 1_000_000),
    maxRateLimitWaitMs: read.int('MAX_RATE_LIMIT_WAIT_MS', 0, 600_000),
    upstreamTimeoutMs: read.int('UPSTREAM_TIMEOUT_MS', 100, 600_000),
    upstreamRetries: read.int('UPSTREAM_RETRIES', 0, 10),
    invalidRequestBudget: read.int('INVALID_REQUEST_BUDGET', 1, 9999),
    loginRateLimit: read.int('LOGIN_RATE_LIMIT', 1, 100_000),
    trustProxy: read.bool('TRUST_PROXY'),
    metricsToken: read.string('METRICS_TOKEN'),
    corsOrigins: parseOrigins(read.string('CORS_ORIGINS')),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS),
    eventsHeartbeatMs: read.int('EVENTS_HEARTBEAT_MS', 10, 3_600_000),
    maxEventStreams: read.int('MAX_EVENT_STREAMS', 1, 1_000_000),
    discordPublicKey: read.string('DISCORD_PUBLIC_KEY').toLowerCase(),
  };
  checkCombinations(config, read.problems);
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

function parseOrigins(text: string): string[] {
  return text
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
}

function checkCombinations(config: Config, problems: string[]): void {
  if (config.sessionStore === 'redis' && !config.redisUrl) {
    problems.push('REDIS_URL is required when SESSION_STORE=redis');
  }
  if (config.sessionStore !== 'memory' && config.sessionSecret.length < 32) {
    problems.push(
      `SESSION_SECRET of at least 32 characters is required when SESSION_STORE=${config.sessionStore}, to seal bot tokens at rest`,
    );
  }
  if (config.discordPublicKey && !/^[0-9a-f]{64}$/.test(config.discordPublicKey)) {
    problems.push('DISCORD_PUBLIC_KEY must be 64 hex characters (the app\'s Public Key)');
  }
  if (config.redisUrl && !/^rediss?:\/\//.test(config.redisUrl)) {
    problems.push('REDIS_URL must start with redis:// or rediss://');
  }
}
