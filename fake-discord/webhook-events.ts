// Discord's Webhook Events, signed as Discord signs them: Ed25519 over timestamp + raw body,
// hex in X-Signature-Ed25519, with X-Signature-Timestamp. The fake holds the private key; tests
// configure guildgate with publicKeyHex(), and tamper with deliveries to check it refuses them.
import type { APIUser } from 'discord-api-types/v10';
import type { FakeStore } from './store.js';

export type Tamper = 'body' | 'signature' | 'missing' | 'wrongKey';

export interface WebhookEventBody {
  version: 1;
  application_id: string;
  type: 0 | 1;
  event?: { type: string; timestamp: string; data: Record<string, unknown> };
}

export interface DeliverOptions {
  tamper?: Tamper;
  /** Defaults to globalThis.fetch; pass an in-process app's fetch to skip the socket. */
  fetch?: (request: Request) => Promise<Response>;
  /** Unix seconds as a string (default: the fake's clock). */
  timestamp?: string;
}

const toHex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

function generateKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

export class WebhookEventSigner {
  private keys: Promise<CryptoKeyPair> | undefined;
  private otherKeys: Promise<CryptoKeyPair> | undefined;

  constructor(private readonly store: FakeStore, private readonly now: () => number) {}

  /** The raw 32-byte public key in hex, as the developer portal shows it. */
  async publicKeyHex(): Promise<string> {
    const { publicKey } = await this.keyPair();
    return toHex(await crypto.subtle.exportKey('raw', publicKey));
  }

  async sign(timestamp: string, body: string): Promise<string> {
    return this.signWith(await this.keyPair(), timestamp, body);
  }

  ping(appId: string): WebhookEventBody {
    return { version: 1, application_id: appId, type: 0 };
  }

  /** A user added the app; with a guild (bot install), the bot also joins that guild in the store. */
  applicationAuthorized(appId: string, guildId: string | undefined, userId: string): WebhookEventBody {
    const data: Record<string, unknown> = {
      integration_type: guildId === undefined ? 1 : 0,
      scopes: guildId === undefined ? ['applications.commands'] : ['applications.commands', 'bot'],
      user: this.user(userId),
    };
    if (guildId !== undefined) {
      this.store.addBotToGuild(guildId, appId);
      const record = this.store.requireGuild(guildId);
      data.guild = { ...record.guild, roles: record.roles };
    }
    return this.event(appId, 'APPLICATION_AUTHORIZED', data);
  }

  applicationDeauthorized(appId: string, userId: string): WebhookEventBody {
    return this.event(appId, 'APPLICATION_DEAUTHORIZED', { user: this.user(userId) });
  }

  /** POSTs the event, signed (or tampered with as asked), and answers the receiver's response. */
  async deliver(url: string, event: WebhookEventBody, options: DeliverOptions = {}): Promise<Response> {
    const body = JSON.stringify(event);
    const timestamp = options.timestamp ?? String(Math.floor(this.now() / 1000));
    const keys = options.tamper === 'wrongKey' ? await this.otherKeyPair() : await this.keyPair();
    let signature = await this.signWith(keys, timestamp, body);
    if (options.tamper === 'signature') signature = `${signature[0] === '0' ? '1' : '0'}${signature.slice(1)}`;
    const sent = options.tamper === 'body' ? body.replace(/}$/, ',"tampered":true}') : body;
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'Discord-Webhook/1.0 (+https://discord.com)' };
    if (options.tamper !== 'missing') {
      headers['X-Signature-Ed25519'] = signature;
      headers['X-Signature-Timestamp'] = timestamp;
    }
    const request = new Request(url, { method: 'POST', headers, body: sent });
    return (options.fetch ?? globalThis.fetch)(request);
  }

  private event(appId: string, type: string, data: Record<string, unknown>): WebhookEventBody {
    return { version: 1, application_id: appId, type: 1, event: { type, timestamp: new Date(this.now()).toISOString(), data } };
  }

  private user(userId: string): APIUser {
    const user = this.store.users.get(userId);
    if (!user) throw new Error(`fake-discord: no user ${userId}`);
    return user;
  }

  private async signWith(keys: CryptoKeyPair, timestamp: string, body: string): Promise<string> {
    const data = new TextEncoder().encode(timestamp + body);
    return toHex(await crypto.subtle.sign({ name: 'Ed25519' }, keys.privateKey, data));
  }

  private keyPair(): Promise<CryptoKeyPair> {
    this.keys ??= generateKeys();
    return this.keys;
  }

  private otherKeyPair(): Promise<CryptoKeyPair> {
    this.otherKeys ??= generateKeys();
    return this.otherKeys;
  }
}
