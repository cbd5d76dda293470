import { authRoutes } from './auth.js';
import { cacheRoutes } from './cache.js';
import { channelWriteRoutes } from './channel-writes.js';
import { channelRoutes } from './channels.js';
import { compatRoutes } from './compat.js';
import { consoleRoutes } from './console.js';
import { docsRoutes } from './docs.js';
import { eventRoutes } from './events.js';
import { guildRoutes } from './guilds.js';
import { healthRoutes } from './health.js';
import { meRoutes } from './me.js';
import { memberRoutes } from './members.js';
import { messageRoutes } from './messages.js';
import { metricsRoutes } from './metrics.js';
import { oauthRoutes } from './oauth.js';
import { openApiDocument } from './openapi.js';
import { roleRoutes } from './roles.js';
import type { RouteSpec } from './route.js';

/** guildgate's version, as the OpenAPI document states it. */
export const API_VERSION = '0.2.0';

let documentText: string | undefined;

/**
 * Every endpoint guildgate has, each declared once. The router, its validation, the cached-read
 * lane and the OpenAPI document are all made from this list: to add an endpoint, add it here.
 */
export const ROUTES: readonly RouteSpec[] = [
  ...authRoutes,
  ...memberRoutes, // before guildRoutes: /members/search is not a user id
  ...guildRoutes,
  ...roleRoutes,
  ...channelRoutes,
  ...channelWriteRoutes,
  ...messageRoutes,
  ...compatRoutes,
  ...cacheRoutes,
  ...oauthRoutes,
  ...meRoutes,
  ...eventRoutes,
  ...healthRoutes,
  ...metricsRoutes,
  ...consoleRoutes,
  ...docsRoutes(() => (documentText ??= JSON.stringify(openApiDocument(ROUTES, API_VERSION)))),
];
