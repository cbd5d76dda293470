import { DiscordAPIError } from '@discordjs/rest';
import { Routes, type APIUser } from 'discord-api-types/v10';
import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { sha256Base64Url } from '../lib/hashing.js';
import { toBotUser, type BotIdentity } from './bot-identity.js';
import { Singleflight } from '../lib/singleflight.js';
import type { BotPool } from './bot-pool.js';
import { mapUpstreamError } from './upstream-errors.js';

/**
 * Turns a bot token into a validated BotIdentity (GET /users/@me), remembering the answer for
 * the guild-info TTL: a dashboard that logs in on every page load must not spend its bot's
 * 50 requests per second on validation.
 */
export class BotIdentities {
  private readonly known: LRUCache<string, BotIdentity>;
  private readonly flights = new Singleflight<BotIdentity>();

  constructor(
    private readonly pool: BotPool,
    clock: Clock,
    ttlSeconds: number,
  ) {
    this.known = new LRUCache({
      max: 10_000,
      ttl: Math.max(1, ttlSeconds) * 1000,
      perf: { now: () => clock.now() },
      ttlResolution: 0,
    });
  }

  static tokenKeyOf(token: string): Promise<string> {
    return sha256Base64Url(`token:${token}`);
  }

  async validate(token: string, tokenKey: string): Promise<BotIdentity> {
    const known = this.known.get(tokenKey);
    if (known && known.token === token) return known;
    return this.flights.run(tokenKey, () => this.askDiscord(token, tokenKey));
  }

  /** True when this token was checked within the TTL: a login with it costs Discord nothing. */
  knows(token: string, tokenKey: string): boolean {
    return this.known.get(tokenKey)?.token === token;
  }

  /** A revoked token is forgotten, so it can never log in from the cache again. */
  forget(tokenKey: string): void {
    this.known.delete(tokenKey);
  }

  private async askDiscord(token: string, tokenKey: string): Promise<BotIdentity> {
    const rest = this.pool.clientFor({ token, tokenKey });
    try {
      const user = (await rest.get(Routes.user('@me'))) as APIUser;
      if (!user.bot) throw new AppError('INVALID_BOT_TOKEN', 'This token is not a bot token');
      const identity: BotIdentity = { token, tokenKey, bot: toBotUser(user) };
      this.known.set(tokenKey, identity);
      return identity;
    } catch (error) {
      if (error instanceof DiscordAPIError && error.status === 401) {
        this.pool.drop(tokenKey);
        throw new AppError('INVALID_BOT_TOKEN', 'Discord rejected this bot token', {
          discord: { code: error.code, message: 'Unauthorized' },
        });
      }
      throw mapUpstreamError(error);
    }
  }
}
