// The browser-facing consent page, https://discord.com/oauth2/authorize on Discord, served at
// /oauth2/authorize on the fake's origin (not under /api). A plain form, no scripts: a person or
// Playwright picks a seeded user ("Log in as") and presses "Authorize" or "Cancel"; the POST
// answers Discord's 302 to the redirect URI with a code, or with error=access_denied.
import type { Context, Hono } from 'hono';
import type { APIUser } from 'discord-api-types/v10';
import type { FakeContext } from '../context.js';
import type { AuthorizeRequest } from '../oauth.js';
import type { FakeEnv } from '../types.js';

const PARAMS = ['response_type', 'client_id', 'scope', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method', 'prompt'] as const;
type Params = Partial<Record<(typeof PARAMS)[number], string>>;

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title><link rel="icon" href="data:,"></head>`
    + `<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

function pick(source: (name: string) => string | undefined): Params {
  const params: Params = {};
  for (const name of PARAMS) {
    const value = source(name);
    if (value !== undefined && value !== '') params[name] = value;
  }
  return params;
}

/** The request to authorize, or the reason the page must answer 400. */
function validate(ctx: FakeContext, params: Params): { ok: true; request: Omit<AuthorizeRequest, 'userId'> } | { ok: false; reason: string } {
  if (params.response_type !== 'code') return { ok: false, reason: 'response_type must be "code".' };
  const app = params.client_id === undefined ? undefined : ctx.oauth.app(params.client_id);
  if (!app) return { ok: false, reason: 'Unknown client_id.' };
  if (!params.redirect_uri) return { ok: false, reason: 'Missing redirect_uri.' };
  if (!ctx.oauth.redirectAllowed(app, params.redirect_uri)) return { ok: false, reason: 'Invalid OAuth2 redirect_uri.' };
  if (!params.scope) return { ok: false, reason: 'Missing scope.' };
  if (params.code_challenge !== undefined && params.code_challenge_method !== 'S256') {
    return { ok: false, reason: 'code_challenge_method must be "S256".' };
  }
  return {
    ok: true,
    request: { clientId: app.clientId, redirectUri: params.redirect_uri, scope: params.scope, codeChallenge: params.code_challenge, state: params.state },
  };
}

function redirectWith(c: Context<FakeEnv>, redirectUri: string, query: Record<string, string | undefined>): Response {
  const target = new URL(redirectUri);
  for (const [name, value] of Object.entries(query)) if (value !== undefined) target.searchParams.set(name, value);
  return c.redirect(target.toString(), 302);
}

function approve(ctx: FakeContext, c: Context<FakeEnv>, request: Omit<AuthorizeRequest, 'userId'>, userId: string): Response {
  const code = ctx.oauth.issueCode({ ...request, userId });
  return redirectWith(c, request.redirectUri, { code, state: request.state });
}

function consentForm(users: APIUser[], appName: string, params: Params): string {
  const hidden = PARAMS.filter((name) => params[name] !== undefined)
    .map((name) => `<input type="hidden" name="${name}" value="${escape(params[name] ?? '')}">`).join('');
  const options = users.map((u) => `<option value="${u.id}">${escape(u.global_name ?? u.username)} (@${escape(u.username)})</option>`).join('');
  return `<p>${escape(appName)} wants to access your account (scopes: ${escape(params.scope ?? '')}).</p>`
    + `<form method="post" action="/oauth2/authorize">${hidden}`
    + `<p><label for="user_id">Log in as</label> <select id="user_id" name="user_id">${options}</select></p>`
    + '<p><button type="submit" name="action" value="cancel">Cancel</button> '
    + '<button type="submit" name="action" value="authorize">Authorize</button></p></form>';
}

export function registerAuthorizeRoutes(app: Hono<FakeEnv>, ctx: FakeContext): void {
  app.get('/oauth2/authorize', (c) => {
    const params = pick((name) => c.req.query(name));
    const checked = validate(ctx, params);
    if (!checked.ok) return c.html(page('Invalid OAuth2 request', `<p>${escape(checked.reason)}</p>`), 400);
    const auto = ctx.oauth.autoApproveUserId;
    if (auto !== undefined) return approve(ctx, c, checked.request, auto);
    const appName = ctx.store.users.get(checked.request.clientId)?.username ?? 'An application';
    return c.html(page(`Authorize ${appName}`, consentForm(ctx.store.loginUsers(), appName, params)));
  });

  app.post('/oauth2/authorize', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const params = pick((name) => form.get(name) ?? undefined);
    const checked = validate(ctx, params);
    if (!checked.ok) return c.html(page('Invalid OAuth2 request', `<p>${escape(checked.reason)}</p>`), 400);
    if (form.get('action') === 'cancel') {
      return redirectWith(c, checked.request.redirectUri, {
        error: 'access_denied', error_description: 'The resource owner or authorization server denied the request', state: checked.request.state,
      });
    }
    const user = ctx.store.users.get(form.get('user_id') ?? '');
    if (!user || user.bot) return c.html(page('Invalid OAuth2 request', '<p>Pick a user to log in as.</p>'), 400);
    return approve(ctx, c, checked.request, user.id);
  });
}
