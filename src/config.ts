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
  /** 0: CACHE_MAX_BYTES (one bot may use it all; with several, the biggest holder evicts first). */
  CACHE_MAX_BYTES_PER_BOT: 0,
  MAX_SESSIONS: 100_000,
  /** 0: MAX_SESSIONS (one bot may use it all; with several, the biggest holder evicts first). */
  MAX_SESSIONS_PER_BOT: 0,
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
  /** 0: a quarter of INVALID_REQUEST_BUDGET. */
  INVALID_REQUEST_BUDGET_PER_BOT: 0,
  LOGIN_RATE_LIMIT: 10,
  INVALIDATE_RATE_LIMIT: 30,
  /** false, cloudflare, x-forwarded-for, or the number of proxies in front (X-Forwarded-For hops). */
  TRUST_PROXY: 'false',
  /** Node's server: time to receive a request's headers, and the whole request; idle keep-alive; open sockets. */
  HEADERS_TIMEOUT_MS: 10_000,
  REQUEST_TIMEOUT_MS: 30_000,
  KEEP_ALIVE_TIMEOUT_MS: 5_000,
  MAX_CONNECTIONS: 10_000,
  METRICS_TOKEN: '',
  METRICS_PUBLIC: false,
  CORS_ORIGINS: '*',
  LOG_LEVEL: 'info',
  // Login with Discord (DESIGN Part 2): on when the first four are set, off when none is.
  DISCORD_CLIENT_ID: '',
  DISCORD_CLIENT_SECRET: '',
  DISCORD_BOT_TOKEN: '',
  OAUTH_REDIRECT_URI: '',
  OAUTH_SUCCESS_URL: '/console/',
  OAUTH_SCOPES: 'identify guilds',
  DISCORD_OAUTH_AUTHORIZE_URL: 'https://discord.com/oauth2/authorize',
  BOT_INVITE_PERMISSIONS: '0',
  CACHE_TTL_USER_GUILDS: 60,
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
  /** One bot's bound within cacheMaxBytes. */
  cacheMaxBytesPerBot: number;
  maxSessions: number;
  /** One bot's bound within maxSessions (memory store). */
  maxSessionsPerBot: number;
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
  /** What one bot may spend of invalidRequestBudget; past it, that bot alone gets 503. */
  invalidRequestBudgetPerBot: number;
  loginRateLimit: number;
  /** POST /api/cache/invalidate calls per session per minute. */
  invalidateRateLimit: number;
  trustProxy: TrustProxy;
  server: ServerLimits;
  metricsToken: string;
  /** GET /metrics without a token: only when METRICS_PUBLIC=true says so. */
  metricsPublic: boolean;
  corsOrigins: string[];
  logLevel: LogLevel;
  /** Login with Discord; undefined when it is not configured (every /api/oauth/* answers 404). */
  oauth: OAuthConfig | undefined;
  /** Live updates: a comment line on every event stream this often. */
  eventsHeartbeatMs: number;
  maxEventStreams: number;
  /** Discord's Webhook Events public key (hex); empty turns the endpoint off. */
  discordPublicKey: string;
}

export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  /** The application's bot: user sessions read through it. */
  botToken: string;
  redirectUri: string;
  /** Where the callback sends the browser without a returnTo. */
  successUrl: string;
  scopes: string;
  authorizeUrl: string;
  /** A decimal permission bitfield for the "add the bot" links. */
  invitePermissions: string;
  /** Seconds a user's manageable guild list is trusted before Discord is asked again. */
  userGuildsTtl: number;
}

export interface CacheTtls {
  guild: number;
  channels: number;
  roles: number;
  members: number;
  messages: number;
}

/**
 * Which header names the client, set by a proxy guildgate trusts. `none`: the socket's peer.
 * `cloudflare`: CF-Connecting-IP. `forwarded`: X-Forwarded-For, `hops` entries from the right
 * (1: the entry the one proxy in front added; what clients prepend proves nothing).
 */
export type TrustProxy = { kind: 'none' } | { kind: 'cloudflare' } | { kind: 'forwarded'; hops: number };

/** Node's http server limits (Bun takes the keep-alive one as its idleTimeout). 0 disables a timeout. */
export interface ServerLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
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

  /** TRUST_PROXY: `true` is refused, since it never said which header a proxy in front sets. */
  trustProxy(key: ConfigKey): TrustProxy {
    const text = (this.raw(key) ?? String(CONFIG_DEFAULTS[key])).toLowerCase();
    if (['0', 'false', 'no', 'off', 'none'].includes(text)) return { kind: 'none' };
    if (text === 'cloudflare') return { kind: 'cloudflare' };
    if (text === 'x-forwarded-for') return { kind: 'forwarded', hops: 1 };
    if (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 16) return { kind: 'forwarded', hops: Number(text) };
    const hint = ['true', 'yes', 'on'].includes(text) ? ' (TRUST_PROXY=true no longer says which header to believe)' : '';
    this.problems.push(
      `${key} must be false, cloudflare (behind Cloudflare), x-forwarded-for (behind one proxy such as nginx or a load balancer) or the number of proxies in front, 1 to 16 (got "${text}")${hint}`,
    );
    return { kind: 'none' };
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
    cacheMaxBytesPerBot: read.int('CACHE_MAX_BYTES_PER_BOT', 0),
    maxSessions: read.int('MAX_SESSIONS', 1),
    maxSessionsPerBot: read.int('MAX_SESSIONS_PER_BOT', 0),
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
    invalidRequestBudgetPerBot: read.int('INVALID_REQUEST_BUDGET_PER_BOT', 0, 9999),
    loginRateLimit: read.int('LOGIN_RATE_LIMIT', 1, 100_000),
    invalidateRateLimit: read.int('INVALIDATE_RATE_LIMIT', 1, 100_000),
    trustProxy: read.trustProxy('TRUST_PROXY'),
    server: {
      headersTimeoutMs: read.int('HEADERS_TIMEOUT_MS', 0, 600_000),
      requestTimeoutMs: read.int('REQUEST_TIMEOUT_MS', 0, 3_600_000),
      keepAliveTimeoutMs: read.int('KEEP_ALIVE_TIMEOUT_MS', 0, 600_000),
      maxConnections: read.int('MAX_CONNECTIONS', 1, 1_000_000),
    },
    metricsToken: read.string('METRICS_TOKEN'),
    metricsPublic: read.bool('METRICS_PUBLIC'),
    corsOrigins: parseOrigins(read.string('CORS_ORIGINS')),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS),
    oauth: readOAuth(read),
    eventsHeartbeatMs: read.int('EVENTS_HEARTBEAT_MS', 10, 3_600_000),
    maxEventStreams: read.int('MAX_EVENT_STREAMS', 1, 1_000_000),
    discordPublicKey: read.string('DISCORD_PUBLIC_KEY').toLowerCase(),
  };
  checkCombinations(config, read.problems);
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return withPerBotShares(config);
}

/** The per-bot shares that default to a part of the whole (0 in the environment). */
function withPerBotShares(config: Config): Config {
  return {
    ...config,
    cacheMaxBytesPerBot: config.cacheMaxBytesPerBot || config.cacheMaxBytes,
    maxSessionsPerBot: config.maxSessionsPerBot || config.maxSessions,
    invalidRequestBudgetPerBot: config.invalidRequestBudgetPerBot || Math.max(1, Math.floor(config.invalidRequestBudget / 4)),
  };
}

const OAUTH_REQUIRED = ['DISCORD_CLIENT_ID', 'DISCORD_CLIENT_SECRET', 'DISCORD_BOT_TOKEN', 'OAUTH_REDIRECT_URI'] as const;

/**
 * Login with Discord: all four required keys, or none (off). Some but not all is a mistake
 * worth refusing to start for, naming the missing ones; secrets are never echoed.
 */
function readOAuth(read: EnvReader): OAuthConfig | undefined {
  const missing = OAUTH_REQUIRED.filter((key) => read.string(key) === '');
  if (missing.length === OAUTH_REQUIRED.length) return undefined;
  if (missing.length > 0) {
    read.problems.push(`${missing.join(', ')} missing: Login with Discord needs all of ${OAUTH_REQUIRED.join(', ')} (or none)`);
    return undefined;
  }
  const clientId = read.string('DISCORD_CLIENT_ID');
  if (!/^\d{17,20}$/.test(clientId)) read.problems.push('DISCORD_CLIENT_ID must be a Discord application id (17 to 20 digits)');
  const invitePermissions = read.string('BOT_INVITE_PERMISSIONS');
  if (!/^\d{1,30}$/.test(invitePermissions)) read.problems.push('BOT_INVITE_PERMISSIONS must be a decimal permission bitfield');
  const successUrl = read.string('OAUTH_SUCCESS_URL');
  if (!/^\/(?![/\\])/.test(successUrl) && !/^https?:\/\//.test(successUrl)) {
    read.problems.push('OAUTH_SUCCESS_URL must be a path or an http(s) URL');
  }
  return {
    clientId,
    clientSecret: read.string('DISCORD_CLIENT_SECRET'),
    botToken: read.string('DISCORD_BOT_TOKEN').replace(/^Bot\s+/i, ''),
    redirectUri: exactUrl(read, 'OAUTH_REDIRECT_URI'),
    successUrl,
    scopes: read.string('OAUTH_SCOPES').split(/\s+/).join(' '),
    authorizeUrl: read.url('DISCORD_OAUTH_AUTHORIZE_URL'),
    invitePermissions,
    userGuildsTtl: read.int('CACHE_TTL_USER_GUILDS', 0, 30 * DAY),
  };
}

/** An http(s) URL kept exactly as given: Discord compares redirect URIs character for character. */
function exactUrl(read: EnvReader, key: ConfigKey): string {
  const text = read.string(key);
  if (!/^https?:\/\/[^\s]+$/.test(text) || !URL.canParse(text)) read.problems.push(`${key} must be an http(s) URL (got "${text}")`);
  return text;
}

function parseOrigins(text: string): string[] {
  return text
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
}

function checkCombinations(config: Config, problems: string[]): void {
  const shares = [
    ['CACHE_MAX_BYTES_PER_BOT', config.cacheMaxBytesPerBot, 'CACHE_MAX_BYTES', config.cacheMaxBytes],
    ['MAX_SESSIONS_PER_BOT', config.maxSessionsPerBot, 'MAX_SESSIONS', config.maxSessions],
    ['INVALID_REQUEST_BUDGET_PER_BOT', config.invalidRequestBudgetPerBot, 'INVALID_REQUEST_BUDGET', config.invalidRequestBudget],
  ] as const;
  for (const [share, value, whole, limit] of shares) {
    if (value > limit) problems.push(`${share} must be at most ${whole} (${limit}), or 0 for its default (got ${value})`);
  }
  const { headersTimeoutMs, requestTimeoutMs } = config.server;
  if (requestTimeoutMs > 0 && headersTimeoutMs > requestTimeoutMs) {
    problems.push(`HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not exceed REQUEST_TIMEOUT_MS (${requestTimeoutMs})`);
  }
  if (config.sessionStore === 'redis' && !config.redisUrl) {
    problems.push('REDIS_URL is required when SESSION_STORE=redis');
  }
  if (config.sessionStore !== 'memory' && config.sessionSecret.length < 32) {
    problems.push(
      `SESSION_SECRET of at least 32 characters is required when SESSION_STORE=${config.sessionStore}, to seal bot tokens at rest`,
    );
  }
  if (config.metricsPublic && config.metricsToken) {
    problems.push('METRICS_PUBLIC=true and METRICS_TOKEN exclude each other: set one (a token, or an open /metrics)');
  }
  if (config.discordPublicKey && !/^[0-9a-f]{64}$/.test(config.discordPublicKey)) {
    problems.push('DISCORD_PUBLIC_KEY must be 64 hex characters (the app\'s Public Key)');
  }
  if (config.redisUrl && !/^rediss?:\/\//.test(config.redisUrl)) {
    problems.push('REDIS_URL must start with redis:// or rediss://');
  }
}
