// The request pipeline in front of the routes: record -> fault -> auth + global limit.
import type { MiddlewareHandler } from 'hono';
import { discordPath, parseRecordedBody } from './calls.js';
import type { FakeContext } from './context.js';
import { faultError, invalidForm, respond, unauthorized, type DiscordError } from './errors.js';
import { ConnectionDropped } from './faults.js';
import { globalRateLimited } from './rate-limit-responses.js';
import { sleep, waitForAbort } from './time.js';
import { parseBearerAuthorization, parseBotAuthorization } from './token.js';
import type { Fault, FakeEnv } from './types.js';

/** Records the call, then delays the answer: limits have already counted it on arrival. */
export function recordAndDelay(ctx: FakeContext): MiddlewareHandler<FakeEnv> {
  return async (c, next) => {
    const call = ctx.calls.begin(c.req.raw, ctx.now());
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      // Hono caches the text, so the route reads the same body again.
      call.body = parseRecordedBody(await c.req.text(), c.req.header('content-type') ?? '');
    }
    await next();
    call.status = c.res.status;
    await sleep(ctx.settings.latencyMs, c.req.raw.signal);
  };
}

const DEFAULT_FORM_ERRORS = { content: { _errors: [{ code: 'BASE_TYPE_BAD_VALUE', message: 'Rejected by the fake for this test.' }] } };

function faultAnswer(fault: Fault & { kind: 'status' | 'invalidFormBody' }): DiscordError {
  return fault.kind === 'status' ? faultError(fault.status) : invalidForm(fault.errors ?? DEFAULT_FORM_ERRORS);
}

/**
 * Injected faults come first: they stand for Discord (or Cloudflare) failing before any logic.
 * With `afterEffect` the request is served first and only its answer is lost or replaced.
 */
export function injectFaults(ctx: FakeContext): MiddlewareHandler<FakeEnv> {
  return async (c, next) => {
    const fault = ctx.faults.take(discordPath(c.req.path), c.req.method);
    if (!fault) return next();
    if (fault.afterEffect) await next();
    if (fault.kind === 'status' || fault.kind === 'invalidFormBody') {
      c.res = undefined;
      c.res = respond(c, faultAnswer(fault));
      return c.res;
    }
    if (fault.kind === 'drop') throw new ConnectionDropped();
    await waitForAbort(c.req.raw.signal);
  };
}

function globalLimitOn(limit: number): boolean {
  return limit > 0 && Number.isFinite(limit);
}

/** The routes an OAuth2 access token may call, with the scope each needs. */
const BEARER_SCOPES: Record<string, string> = { '/users/@me': 'identify', '/users/@me/guilds': 'guilds' };

/**
 * `Authorization: Bot <token>` of a live token, then the global limit of that token. The token
 * endpoints authenticate the client themselves; a few user routes take a live Bearer token.
 */
export function authenticate(ctx: FakeContext): MiddlewareHandler<FakeEnv> {
  return async (c, next) => {
    const path = discordPath(c.req.path);
    if (path === '/oauth2/token' || path === '/oauth2/token/revoke') return next();
    const bearer = parseBearerAuthorization(c.req.header('authorization'));
    if (bearer !== undefined) {
      const grant = ctx.oauth.bearer(bearer);
      const scope = BEARER_SCOPES[path];
      if (!grant || scope === undefined || !grant.scopes.includes(scope)) return respond(c, unauthorized());
      c.set('bearer', grant);
      return next();
    }
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
