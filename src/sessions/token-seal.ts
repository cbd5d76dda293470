import { base64UrlToBytes, bytesToBase64Url } from '../lib/hashing.js';

/**
 * Seals bot tokens with AES-GCM (WebCrypto) before they leave the process: a stolen Redis or
 * KV dump yields neither usable tokens nor session ids. One module for every runtime and store.
 * Sealed form: base64url(12-byte IV) + '.' + base64url(ciphertext + tag).
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class TokenSealer {
  private constructor(private readonly key: CryptoKey) {}

  /**
   * Derives the AES key from SESSION_SECRET (SHA-256 of it: any length of secret works).
   * `purpose` separates keys: what one purpose sealed, another cannot open.
   */
  static async fromSecret(secret: string, purpose = 'seal'): Promise<TokenSealer> {
    if (secret.length < 32) throw new Error('SESSION_SECRET must be at least 32 characters');
    const material = await crypto.subtle.digest('SHA-256', encoder.encode(`guildgate-${purpose}:${secret}`));
    const key = await crypto.subtle.importKey('raw', material, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
    return new TokenSealer(key);
  }

  async seal(plaintext: string): Promise<string> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, this.key, encoder.encode(plaintext));
    return `${bytesToBase64Url(iv)}.${bytesToBase64Url(new Uint8Array(sealed))}`;
  }

  /** Throws when the value was not sealed under this secret (or was tampered with). */
  async open(sealed: string): Promise<string> {
    const [ivPart, dataPart] = sealed.split('.');
    if (!ivPart || !dataPart) throw new Error('not a sealed value');
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: base64UrlToBytes(ivPart) as Uint8Array<ArrayBuffer> },
      this.key,
      base64UrlToBytes(dataPart) as Uint8Array<ArrayBuffer>,
    );
    return decoder.decode(plain);
  }
}
