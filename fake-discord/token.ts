// Bot tokens are minted at runtime from random bytes, in Discord's three-part shape
// (base64url(user id) . 6+ chars . 27+ chars), so that code which sanity-checks a token's
// form accepts them, and no token ever sits in the repository.

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomChars(length: number): string {
  const bytes = new Uint8Array(Math.ceil((length * 3) / 4) + 1);
  globalThis.crypto.getRandomValues(bytes);
  return base64url(bytes).slice(0, length);
}

/** Random URL-safe characters: OAuth client secrets, codes and tokens. */
export function createSecret(length: number): string {
  return randomChars(length);
}

export function createBotToken(userId: string): string {
  const idPart = base64url(new TextEncoder().encode(userId));
  return `${idPart}.${randomChars(6)}.${randomChars(38)}`;
}

/** The token of `Authorization: Bot <token>`, or undefined for any other form. */
export function parseBotAuthorization(header: string | undefined): string | undefined {
  const match = /^Bot ([^\s]+)$/.exec(header ?? '');
  return match?.[1];
}

/** The token of `Authorization: Bearer <token>` (an OAuth2 access token), or undefined. */
export function parseBearerAuthorization(header: string | undefined): string | undefined {
  const match = /^Bearer ([^\s]+)$/.exec(header ?? '');
  return match?.[1];
}
