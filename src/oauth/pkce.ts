import { bytesToBase64Url } from '../lib/hashing.js';

/** Random url-safe text from `bytes` random bytes (32 bytes: 256 bits, 43 characters). */
export function randomToken(bytes = 32): string {
  return bytesToBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** A PKCE verifier (RFC 7636): 43 characters of the unreserved alphabet, 256 random bits. */
export function newVerifier(): string {
  return randomToken(32);
}

/** The S256 challenge of a verifier: base64url(SHA-256(verifier)). */
export async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return bytesToBase64Url(new Uint8Array(digest));
}
