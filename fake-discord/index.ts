// A scriptable fake of the Discord HTTP API v10 for tests, the demo and benchmarks.
// See docs/architecture.md, "The fake Discord". Nothing here imports from src/.
import type { Hono } from 'hono';
import type { APIChannel, APIGuild, APIGuildMember, APIMessage, APIRole } from 'discord-api-types/v10';
import { createFakeApp } from './app.js';
import { CallLog } from './calls.js';
import type { FakeContext } from './context.js';
import { FaultList } from './faults.js';
import { OAuthState, type AuthorizeRequest, type OAuthApp } from './oauth.js';
import { createInProcessFetch, createMakeRequest, type MakeRequest } from './in-process.js';
import { BucketRules, FixedWindows } from './rate-limits.js';
import { FakeStore, type AddChannelOptions, type AddGuildOptions, type AddMemberOptions, type AddRoleOptions } from './store.js';
import { WebhookEventSigner } from './webhook-events.js';
import type { APIUser } from 'discord-api-types/v10';
import type { BucketRule, Fault, FakeBot, FakeDiscordOptions, FakeEnv, FakeStats, RecordedCall } from './types.js';

export type { BearerGrant, BucketRule, Fault, FakeBot, FakeDiscordOptions, FakeEnv, FakeStats, RecordedCall } from './types.js';
export type { AddChannelOptions, AddGuildOptions, AddMemberOptions, AddRoleOptions } from './store.js';
export type { AuthorizeRequest, OAuthApp, TokenAnswer } from './oauth.js';
export type { DeliverOptions, Tamper, WebhookEventBody, WebhookEventSigner } from './webhook-events.js';
export type { DiscordErrorBody, DiscordErrorTree, FieldError } from './errors.js';
export { ALL_PERMISSIONS, BOT_ROLE_PERMISSIONS, Permission } from './permissions.js';

export interface FakeOAuth {
  /** The application of a bot: client id = the bot's user id; undefined for an unknown id. */
  app(clientId: string): OAuthApp | undefined;
  /** Accept only these redirect URIs for the client (undefined: any, the default). */
  setRedirectUris(clientId: string, uris: string[] | undefined): void;
  /** What approving on the page does: a code for `userId`, to exchange at /oauth2/token. */
  authorize(request: AuthorizeRequest): string;
  /** GET /oauth2/authorize then 302s at once with a code for this user; undefined shows the page again. */
  autoApprove(userId: string | undefined): void;
  /** Lifetime of access tokens issued from now on (seconds). */
  setAccessTokenTtl(seconds: number): void;
  /** True once the token (or the other token of its pair) was revoked or rotated away by a refresh. */
  isRevoked(token: string): boolean;
}
export type { MakeRequest } from './in-process.js';
export { seedDemo, type DemoData } from './demo.js';
export { startFakeDiscordServer, type FakeDiscordServer, type ServerOptions } from './node-server.js';

export interface FakeDiscord {
  /** Serves /api/v10/... and /api/...; any origin. */
  readonly app: Hono<FakeEnv>;
  /** app.fetch with fetch's abort semantics; rejects like undici on a 'drop' fault. */
  fetch(request: Request): Promise<Response>;
  /** Drop-in for @discordjs/rest's `makeRequest` option. */
  readonly makeRequest: MakeRequest;
  /** Every request received, in order (emptied in place by resetCalls). */
  readonly calls: RecordedCall[];
  /** A string is an exact path without /api/v10; a RegExp is tested against that path. */
  callsTo(pathPattern: string | RegExp): RecordedCall[];
  resetCalls(): void;

  addBot(options?: { username?: string; membersIntent?: boolean }): FakeBot;
  /** The owner (created unless ownerId is given) and the bots in botIds join as members. */
  addGuild(options?: AddGuildOptions): APIGuild;
  addChannel(guildId: string, options?: AddChannelOptions): APIChannel;
  /** Default: on top of the list (above the bot's role); `position: 1` puts it at the bottom. */
  addRole(guildId: string, options?: AddRoleOptions): APIRole;
  /** Changes a stored role in place (permissions, position, managed, ...). */
  updateRole(guildId: string, roleId: string, patch: Partial<APIRole>): APIRole;
  /** The managed role a bot got when it joined the guild (MANAGE_ROLES, MANAGE_CHANNELS, ... at position 1). */
  botRole(guildId: string, botId: string): APIRole;
  /** Joins the bot (with its bot role), as an invite would. */
  addBotToGuild(guildId: string, botId: string): void;
  addMembers(guildId: string, count: number): APIGuildMember[];
  /** A user people can log in as on the authorize page (it lists these). */
  addUser(username?: string): APIUser;
  /** Joins an existing user with these roles (or updates the member's roles). */
  addMember(guildId: string, userId: string, options?: AddMemberOptions): APIGuildMember;
  addMessages(channelId: string, count: number): APIMessage[];
  revokeToken(token: string): void;

  setLatency(ms: number): void;
  /** routePattern: a template such as '/guilds/:id/channels', or a RegExp over templates. */
  setBucket(route: RegExp | string, rule: BucketRule): void;
  setGlobalLimit(perSecond: number): void;
  /** Forgets every open bucket and global window (rules stay). */
  resetRateLimits(): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  readonly stats: FakeStats;

  readonly oauth: FakeOAuth;
  /** Shortcut for oauth.app(botId), which always exists for a bot. */
  oauthApp(botId: string): OAuthApp;
  readonly webhookEvents: WebhookEventSigner;
}

function createContext(options: FakeDiscordOptions): FakeContext {
  const store = new FakeStore();
  const now = options.now ?? Date.now;
  return {
    store,
    calls: new CallLog(),
    faults: new FaultList(),
    rules: new BucketRules(),
    bucketWindows: new FixedWindows(),
    globalWindows: new FixedWindows(),
    settings: {
      latencyMs: options.latencyMs ?? 0,
      globalLimitPerSecond: options.globalLimitPerSecond ?? 50,
      enforceBuckets: options.enforceBuckets ?? true,
    },
    stats: { rateLimited: 0 },
    now,
    oauth: new OAuthState(store, now, options.oauthAccessTokenTtlSeconds),
    webhookEvents: new WebhookEventSigner(store, now),
  };
}

function createOAuth(ctx: FakeContext): FakeOAuth {
  return {
    app: (clientId) => ctx.oauth.app(clientId),
    setRedirectUris: (clientId, uris) => ctx.oauth.setRedirectUris(clientId, uris),
    authorize: (request) => {
      if (!ctx.oauth.app(request.clientId)) throw new Error(`fake-discord: no application ${request.clientId}`);
      return ctx.oauth.issueCode(request);
    },
    autoApprove: (userId) => { ctx.oauth.autoApproveUserId = userId; },
    setAccessTokenTtl: (seconds) => { ctx.oauth.accessTokenTtlSeconds = seconds; },
    isRevoked: (token) => ctx.oauth.isRevoked(token),
  };
}

function updateRole(store: FakeStore, guildId: string, roleId: string, patch: Partial<APIRole>): APIRole {
  const role = store.requireGuild(guildId).roles.find((r) => r.id === roleId);
  if (!role) throw new Error(`fake-discord: no role ${roleId} in guild ${guildId}`);
  return Object.assign(role, patch, { id: role.id });
}

function botRole(store: FakeStore, guildId: string, botId: string): APIRole {
  const record = store.requireGuild(guildId);
  const roleId = record.botRoleIds.get(botId)?.[0];
  const role = record.roles.find((r) => r.id === roleId);
  if (!role) throw new Error(`fake-discord: bot ${botId} is not in guild ${guildId}`);
  return role;
}

export function createFakeDiscord(options: FakeDiscordOptions = {}): FakeDiscord {
  const ctx = createContext(options);
  const { store } = ctx;
  const app = createFakeApp(ctx);
  const fetch = createInProcessFetch(app);
  return {
    app,
    fetch,
    makeRequest: createMakeRequest(fetch),
    calls: ctx.calls.calls,
    callsTo: (pattern) => ctx.calls.to(pattern),
    resetCalls: () => ctx.calls.reset(),
    addBot: (o) => store.addBot(o),
    addGuild: (o) => store.addGuild(o),
    addChannel: (guildId, o) => store.addChannel(guildId, o),
    addRole: (guildId, o) => store.addRole(guildId, o),
    updateRole: (guildId, roleId, patch) => updateRole(store, guildId, roleId, patch),
    botRole: (guildId, botId) => botRole(store, guildId, botId),
    addBotToGuild: (guildId, botId) => store.addBotToGuild(guildId, botId),
    addMembers: (guildId, count) => store.addMembers(guildId, count),
    addUser: (username) => store.addLoginUser(username),
    addMember: (guildId, userId, o) => store.addMember(guildId, userId, o),
    addMessages: (channelId, count) => store.addMessages(channelId, count),
    revokeToken: (token) => store.revokeToken(token),
    setLatency: (ms) => { ctx.settings.latencyMs = ms; },
    setBucket: (route, rule) => ctx.rules.set(route, rule),
    setGlobalLimit: (perSecond) => { ctx.settings.globalLimitPerSecond = perSecond; },
    resetRateLimits: () => {
      ctx.bucketWindows = new FixedWindows();
      ctx.globalWindows = new FixedWindows();
    },
    injectFault: (fault) => ctx.faults.add(fault),
    clearFaults: () => ctx.faults.clear(),
    stats: ctx.stats,
    oauth: createOAuth(ctx),
    oauthApp: (botId) => {
      const app = ctx.oauth.app(botId);
      if (!app) throw new Error(`fake-discord: no bot ${botId}`);
      return app;
    },
    webhookEvents: ctx.webhookEvents,
  };
}
