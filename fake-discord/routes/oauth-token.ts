// POST /oauth2/token and /oauth2/token/revoke: form-encoded, the client authenticated by HTTP
// Basic (or client_id/client_secret in the form), errors in OAuth2's own shape (RFC 6749 5.2),
// not Discord's {message, code}.
import type { Context, Hono } from 'hono';
import type { FakeContext } from '../context.js';
import { s256, type OAuthApp } from '../oauth.js';
import type { FakeEnv } from '../types.js';

type Form = Record<string, string>;

function oauthError(c: Context<FakeEnv>, status: 400 | 401, error: string, description?: string): Response {
  return c.json(description === undefined ? { error } : { error, error_description: description }, status);
}

async function readForm(c: Context<FakeEnv>): Promise<Form> {
  return Object.fromEntries(new URLSearchParams(await c.req.text()));
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  let decoded: string;
  try {
    decoded = atob(match[1]);
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  // RFC 6749 2.3.1: both parts are form-urlencoded before they are joined.
  const unescape = (part: string) => { try { return decodeURIComponent(part.replace(/\+/g, ' ')); } catch { return part; } };
  return { id: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) };
}

/** The application whose id and secret the request carries, or undefined (401 invalid_client). */
function authenticateClient(ctx: FakeContext, c: Context<FakeEnv>, form: Form): OAuthApp | undefined {
  const basic = basicCredentials(c.req.header('authorization'));
  const id = basic?.id ?? form.client_id;
  const secret = basic?.secret ?? form.client_secret;
  if (!id || !secret) return undefined;
  const app = ctx.oauth.app(id);
  return app && app.clientSecret === secret ? app : undefined;
}

async function exchangeCode(ctx: FakeContext, c: Context<FakeEnv>, app: OAuthApp, form: Form): Promise<Response> {
  if (!form.code) return oauthError(c, 400, 'invalid_request', 'Missing "code" in request.');
  const record = ctx.oauth.spendCode(form.code);
  if (!record || record.clientId !== app.clientId) return oauthError(c, 400, 'invalid_grant', 'Invalid "code" in request.');
  if (record.redirectUri !== form.redirect_uri) return oauthError(c, 400, 'invalid_grant', 'Invalid "redirect_uri" in request.');
  if (record.codeChallenge !== undefined) {
    const verifier = form.code_verifier ?? '';
    if (verifier === '' || (await s256(verifier)) !== record.codeChallenge) {
      return oauthError(c, 400, 'invalid_grant', 'Invalid "code_verifier" in request.');
    }
  }
  return c.json(ctx.oauth.issueTokens(record.userId, app.clientId, record.scope.split(/\s+/).filter(Boolean)));
}

function refreshTokens(ctx: FakeContext, c: Context<FakeEnv>, app: OAuthApp, form: Form): Response {
  if (!form.refresh_token) return oauthError(c, 400, 'invalid_request', 'Missing "refresh_token" in request.');
  const answer = ctx.oauth.refresh(form.refresh_token, app.clientId);
  return answer ? c.json(answer) : oauthError(c, 400, 'invalid_grant', 'Invalid "refresh_token" in request.');
}

export function registerOAuthTokenRoutes(api: Hono<FakeEnv>, ctx: FakeContext): void {
  api.post('/oauth2/token', async (c) => {
    const form = await readForm(c);
    const app = authenticateClient(ctx, c, form);
    if (!app) return oauthError(c, 401, 'invalid_client');
    if (form.grant_type === 'authorization_code') return exchangeCode(ctx, c, app, form);
    if (form.grant_type === 'refresh_token') return refreshTokens(ctx, c, app, form);
    return oauthError(c, 400, 'unsupported_grant_type');
  });

  api.post('/oauth2/token/revoke', async (c) => {
    const form = await readForm(c);
    const app = authenticateClient(ctx, c, form);
    if (!app) return oauthError(c, 401, 'invalid_client');
    if (!form.token) return oauthError(c, 400, 'invalid_request', 'Missing "token" in request.');
    // RFC 7009: an unknown token is not an error.
    ctx.oauth.revoke(form.token, app.clientId);
    return c.json({});
  });
}
