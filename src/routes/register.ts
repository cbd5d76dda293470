import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';
import { csrfCheck } from '../middleware/csrf.js';
import { sessionAuth } from '../middleware/session-auth.js';
import { compilePath, type PathPattern } from './path-pattern.js';
import type { Auth, RouteSpec } from './route.js';
import { readInput } from './route-input.js';
import { checkUserScope } from './user-scope.js';

/**
 * Mounts each route of the table: its session check (CSRF for cookies, then kind), then its
 * input check, then a user session's scope check (403 GUILD_NOT_MANAGEABLE before any upstream
 * call for the route), then its handler.
 */
export function registerRoutes(app: Hono<AppEnv>, deps: Deps, routes: readonly RouteSpec[]): void {
  const csrf = csrfCheck(deps.config);
  for (const spec of routes) {
    const handler: MiddlewareHandler<AppEnv> = async (c) => {
      if (spec.requires === 'oauth' && !deps.oauth) throw oauthNotConfigured();
      const input = await readInput(c, spec);
      if (spec.scope && c.get('session')?.session.kind === 'user') await checkUserScope(c, spec, input, deps);
      return spec.handle(c, input, deps);
    };
    const handlers = [...guardsFor(spec.auth, deps, csrf), handler] as [MiddlewareHandler<AppEnv>];
    app.on(spec.method, spec.path, ...handlers);
  }
}

function oauthNotConfigured(): AppError {
  return new AppError('OAUTH_NOT_CONFIGURED', 'Login with Discord is not configured on this server');
}

function guardsFor(auth: Auth, deps: Deps, csrf: (c: Context<AppEnv>) => void): MiddlewareHandler<AppEnv>[] {
  return auth === 'none' ? [] : [sessionAuth(deps, auth, csrf)];
}

/**
 * For a request no route took: 405 with `Allow` when the path exists with other methods,
 * else 404. The message does not repeat the path: a token pasted into a URL by mistake must
 * not come back in a body.
 */
export function unmatchedRoute(routes: readonly RouteSpec[]): (c: Context) => AppError {
  const patterns = new Map<string, { pattern: PathPattern; methods: Set<string> }>();
  for (const spec of routes) {
    const known = patterns.get(spec.path) ?? { pattern: compilePath(spec.path), methods: new Set<string>() };
    known.methods.add(spec.method);
    if (spec.method === 'GET') known.methods.add('HEAD');
    patterns.set(spec.path, known);
  }
  return (c) => {
    const allowed = new Set<string>();
    for (const { pattern, methods } of patterns.values()) {
      if (pattern.regex.test(c.req.path)) for (const method of methods) allowed.add(method);
    }
    if (allowed.size === 0) return new AppError('NOT_FOUND', 'No such route: see /docs for the API');
    const allow = [...allowed].join(', ');
    return new AppError('METHOD_NOT_ALLOWED', `This path answers ${allow} only`, { headers: { Allow: allow } });
  };
}
