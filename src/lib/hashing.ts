/**
 * SHA-256 through WebCrypto, so the same code runs on Node, Bun, Deno and Workers.
 * Output is base64url (43 chars): shorter keys than hex, which matters at 100k sessions.
 */
import { ownCopy } from './own-copy.js';

const encoder = new TextEncoder();

export async function sha256Base64Url(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text));
  // bytesToBase64Url's regex replaces leave a view onto btoa's output; hashes are kept (store
  // keys, token keys, the session-id memo), so each gets its own 43 characters: 64 B, not 96.
  return ownCopy(bytesToBase64Url(new Uint8Array(digest)));
}

export function bytesToBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlToBytes(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
