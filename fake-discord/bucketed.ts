// Wraps a route handler in its per-route bucket: counted per bot token + route template + major
// parameter (guild or channel id), as Discord does, with X-RateLimit-* headers on the answer.
import type { Context, Handler } from 'hono';
import type { FakeContext } from './context.js';
import { bucketHeaders, bucketRateLimited } from './rate-limit-responses.js';
import { bucketHash } from './rate-limits.js';
import type { FakeBot, FakeEnv } from './types.js';

export type RouteHandler = (c: Context<FakeEnv>, bot: FakeBot) => Response | Promise<Response>;

export function bucketed(ctx: FakeContext, template: string, handler: RouteHandler): Handler<FakeEnv> {
  return async (c) => {
    const bot = c.get('bot');
    // Without enforcement no headers either: a client that saw remaining 0 would throttle itself.
    if (!ctx.settings.enforceBuckets) return handler(c, bot);
    // Route templates name their major parameter (guild or channel id) ':id' and nothing else.
    const major = c.req.param('id') ?? '';
    const rule = ctx.rules.ruleFor(template);
    const bucket = bucketHash(template, major);
    const state = ctx.bucketWindows.take(`${bot.token} ${template} ${major}`, rule.limit, rule.windowMs, ctx.now());
    if (!state.allowed) {
      ctx.stats.rateLimited += 1;
      return bucketRateLimited(c, state, bucket, rule.scope ?? 'user');
    }
    const response = await handler(c, bot);
    for (const [name, value] of Object.entries(bucketHeaders(state, bucket))) response.headers.set(name, value);
    return response;
  };
}

/** A path parameter of the matched route; '' stands for absent so validation reports it. */
export function pathParam(c: Context<FakeEnv>, name: string): string {
  return c.req.param(name) ?? '';
}
