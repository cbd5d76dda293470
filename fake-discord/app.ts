// The fake's Hono app. Routes are mounted under /api/v10 and under /api (Discord serves the
// unversioned path too); the middleware sits on the root so each request passes it once.
import { Hono } from 'hono';
import { decodePath } from './calls.js';
import type { FakeContext } from './context.js';
import { internalError, notFound, respond } from './errors.js';
import { ConnectionDropped } from './faults.js';
import { authenticate, injectFaults, recordAndDelay } from './middleware.js';
import { registerAuthorizeRoutes } from './routes/authorize.js';
import { registerChannelRoutes } from './routes/channels.js';
import { registerChannelWriteRoutes } from './routes/channel-writes.js';
import { registerMemberWriteRoutes } from './routes/member-writes.js';
import { registerMessageWriteRoutes } from './routes/message-writes.js';
import { registerRoleWriteRoutes } from './routes/role-writes.js';
import { registerGuildRoutes } from './routes/guilds.js';
import { registerOAuthTokenRoutes } from './routes/oauth-token.js';
import { registerUserRoutes } from './routes/users.js';
import type { FakeEnv } from './types.js';

export function createFakeApp(ctx: FakeContext): Hono<FakeEnv> {
  const api = new Hono<FakeEnv>();
  registerUserRoutes(api, ctx);
  registerGuildRoutes(api, ctx);
  registerChannelRoutes(api, ctx);
  registerOAuthTokenRoutes(api, ctx);
  registerMessageWriteRoutes(api, ctx);
  registerChannelWriteRoutes(api, ctx);
  registerRoleWriteRoutes(api, ctx);
  registerMemberWriteRoutes(api, ctx);

  const app = new Hono<FakeEnv>({ getPath: (request) => decodePath(new URL(request.url).pathname) });
  app.use('*', recordAndDelay(ctx));
  app.use('*', injectFaults(ctx));
  app.use('/api/*', authenticate(ctx));
  // The consent page is Discord's website, not its API: no /api prefix, no bot token.
  registerAuthorizeRoutes(app, ctx);
  app.route('/api/v10', api);
  app.route('/api', api);
  app.notFound((c) => respond(c, notFound()));
  app.onError((error, c) => {
    // A dropped or aborted request must not turn into an answer: rethrowing makes app.fetch
    // reject, which the in-process fetch passes on and the socket server turns into a reset.
    if (error instanceof ConnectionDropped || c.req.raw.signal.aborted) throw error;
    return respond(c, internalError());
  });
  return app;
}
