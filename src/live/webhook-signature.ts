/**
 * Discord's Webhook Events signature: Ed25519 over `X-Signature-Timestamp` + the raw body,
 * hex in `X-Signature-Ed25519`, checked with WebCrypto (Node, Bun, Deno and workerd alike).
 * Anything wrong, or a verification that throws, is false: Discord sends bad signatures on
 * purpose and removes endpoints that accept them.
 */
const keys = new Map<string, Promise<CryptoKey>>();
const encoder = new TextEncoder();

export const PUBLIC_KEY_PATTERN = /^[0-9a-f]{64}$/i;
const SIGNATURE_PATTERN = /^[0-9a-f]{128}$/i;

export async function verifyWebhookSignature(
  publicKeyHex: string,
  signatureHex: string | undefined,
  timestamp: string | undefined,
  body: Uint8Array,
): Promise<boolean> {
  if (!signatureHex || !timestamp || !SIGNATURE_PATTERN.test(signatureHex)) return false;
  try {
    const key = await publicKey(publicKeyHex);
    const stamp = encoder.encode(timestamp);
    const signed = new Uint8Array(stamp.byteLength + body.byteLength);
    signed.set(stamp);
    signed.set(body, stamp.byteLength);
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, hexBytes(signatureHex), signed);
  } catch {
    return false;
  }
}

/** Imported once per key, on first use (inside a request: nothing at module load). */
function publicKey(hex: string): Promise<CryptoKey> {
  let key = keys.get(hex);
  if (!key) {
    key = crypto.subtle.importKey('raw', hexBytes(hex), { name: 'Ed25519' }, false, ['verify']);
    // A failed import is not kept: the next request tries again.
    key.catch(() => keys.delete(hex));
    keys.set(hex, key);
  }
  return key;
}

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
