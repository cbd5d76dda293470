// The request pipeline in front of the routes: record -> fault -> auth + global limit.
import type { MiddlewareHandler } from 'hono';
import { discordPath } from './calls.js';
import type { FakeContext } from './context.js';
import { faultError, respond, unauthorized } from './errors.js';
import { ConnectionDropped } from './faults.js';
import { globalRateLimited } from './rate-limit-responses.js';
import { sleep, waitForAbort } from './time.js';
import { parseBotAuthorization } from './token.js';
import type { FakeEnv } from './types.js';

/** Records the call, then delays the answer: limits have already counted it on arrival. */
export function recordAndDelay(ctx: FakeContext): MiddlewareHandler<FakeEnv> {
  return async (c, next) => {
    const call = ctx.calls.begin(c.req.raw, ctx.now());
    await next();
    call.status = c.res.status;
    await sleep(ctx.settings.latencyMs, c.req.raw.signal);
  };
}

/** Injected faults come first: they stand for Discord (or Cloudflare) failing before any logic. */
export function injectFaults(ctx: FakeContext): MiddlewareHandler<FakeEnv> {
  return async (c, next) => {
    const fault = ctx.faults.take(discordPath(c.req.path));
    if (!fault) return next();
    if (fault.kind === 'status') return respond(c, faultError(fault.status));
    if (fault.kind === 'drop') throw new ConnectionDropped();
    await waitForAbort(c.req.raw.signal);
  };
}

function globalLimitOn(limit: number): boolean {
  return limit > 0 && Number.isFinite(limit);
}

/** `Authorization: Bot <token>` of a live token, then the global limit of that token. */
export function authenticate(ctx: FakeContext): MiddlewareHandler<FakeEnv> {
  return async (c, next) => {
    const token = parseBotAuthorization(c.req.header('authorization'));
    const bot = token === undefined ? undefined : ctx.store.botByToken(token);
    if (!bot) return respond(c, unauthorized());
    const limit = ctx.settings.globalLimitPerSecond;
    if (globalLimitOn(limit)) {
      const state = ctx.globalWindows.take(bot.token, limit, 1000, ctx.now());
      if (!state.allowed) {
        ctx.stats.rateLimited += 1;
        return globalRateLimited(c, state);
      }
    }
    c.set('bot', bot);
    await next();
  };
}
