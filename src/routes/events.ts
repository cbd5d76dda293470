import type { Context } from 'hono';
import * as v from 'valibot';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';
import { streamScopeFor } from '../live/stream-scope.js';
import { applyWebhookEvent, parseWebhookPayload } from '../live/webhook-events.js';
import { verifyWebhookSignature } from '../live/webhook-signature.js';
import { DISCORD_ERRORS, SESSION_ERRORS, USER_SCOPE_ERRORS } from './error-groups.js';
import { readCappedBytes } from './json-body.js';
import { route } from './route.js';
import { currentUser } from './user-scope.js';

/** Discord's Webhook Events bodies are small; anything larger is not Discord's. */
export const WEBHOOK_BODY_MAX_BYTES = 64 * 1024;

const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  // nginx and friends buffer responses by default, which would hold events back.
  'X-Accel-Buffering': 'no',
};

/** Documented only: the handler reads the raw bytes, which the signature covers. */
const WebhookEventBody = v.pipe(v.looseObject({ application_id: v.string(), type: v.picklist([0, 1]), event: v.optional(v.looseObject({ type: v.string() })) }), v.title('WebhookEvent'));

export const eventRoutes = [
  route({
    method: 'GET',
    path: '/api/events',
    auth: 'any',
    tag: 'Live updates',
    summary: "Server-Sent Events: this session's bot's changes",
    description: 'Events `invalidate` {guildId, module, source} and `guild` {guildId, action}; see docs/live-updates.md.',
    answers: { 200: { description: 'The event stream', contentType: 'text/event-stream' } },
    errors: [...SESSION_ERRORS, ...USER_SCOPE_ERRORS, ...DISCORD_ERRORS, 'TOO_MANY_EVENT_STREAMS'],
    handle: async (c, _input, deps) => {
      // A person's stream hears only of the guilds they manage: their list, re-read if stale.
      if (c.get('session').session.kind === 'user') await currentUser(c, deps);
      const resolved = c.get('session');
      const body = deps.events.start(resolved, streamScopeFor(resolved));
      keepOpen(c);
      return c.body(body, 200, SSE_HEADERS);
    },
  }),
  route({
    method: 'POST',
    path: '/api/discord/webhook-events',
    auth: 'none',
    tag: 'Live updates',
    summary: "Discord's Webhook Events endpoint",
    description: 'Ed25519-verified with DISCORD_PUBLIC_KEY; answers 204 at once. See docs/live-updates.md.',
    documentedBody: { schema: WebhookEventBody },
    answers: { 204: { description: 'Accepted' } },
    errors: ['WEBHOOK_EVENTS_NOT_CONFIGURED', 'INVALID_SIGNATURE', 'PAYLOAD_TOO_LARGE', 'INVALID_INPUT'],
    handle: async (c, _input, deps) => {
      const publicKey = deps.config.discordPublicKey;
      if (!publicKey) throw new AppError('WEBHOOK_EVENTS_NOT_CONFIGURED', 'Set DISCORD_PUBLIC_KEY to receive Webhook Events');
      const body = await readCappedBytes(c, WEBHOOK_BODY_MAX_BYTES);
      const signature = c.req.header('X-Signature-Ed25519');
      if (!(await verifyWebhookSignature(publicKey, signature, c.req.header('X-Signature-Timestamp'), body))) {
        throw new AppError('INVALID_SIGNATURE', 'Invalid request signature');
      }
      const payload = parseWebhookPayload(new TextDecoder().decode(body));
      if (payload.kind === 'invalid') {
        throw new AppError('INVALID_INPUT', `body: ${payload.reason}`, { details: { parameter: 'body' } });
      }
      if (payload.kind === 'event') afterAnswer(c, deps, applyWebhookEvent(payload, { store: deps.cache.store, changes: deps.changes, logger: deps.logger }));
      return c.body(null, 204);
    },
  }),
];

/**
 * Discord wants the answer within 3 s, whatever the processing: the work goes on after it.
 * On Workers, waitUntil keeps the isolate alive for it; elsewhere the promise runs by itself.
 */
function afterAnswer(c: Context<AppEnv>, deps: Deps, work: Promise<void>): void {
  const logged = work.catch((error: unknown) => {
    deps.logger.warn('webhook_events.failed', { error: error instanceof Error ? error.name : typeof error });
  });
  try {
    c.executionCtx.waitUntil(logged);
  } catch {
    // no ExecutionContext: not on Workers
  }
}

/** Bun closes a connection idle for 10 s, shorter than a heartbeat: this one may stay idle. */
function keepOpen(c: Context<AppEnv>): void {
  const server = c.env as { timeout?: unknown } | undefined;
  if (typeof server?.timeout === 'function') (server.timeout as (request: Request, seconds: number) => void)(c.req.raw, 0);
}
