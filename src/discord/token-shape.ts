/**
 * Bot tokens are three base64url parts: the bot's user id, a timestamp, an HMAC. A string that
 * cannot be one is refused without asking Discord, because each 401 Discord answers counts
 * against the server's invalid-request limit.
 */
const TOKEN_PATTERN = /^([A-Za-z0-9_-]{16,40})\.([A-Za-z0-9_-]{4,12})\.([A-Za-z0-9_-]{25,100})$/;
const SNOWFLAKE = /^\d{17,20}$/;

export function isPlausibleBotToken(token: string): boolean {
  if (token.length < 50 || token.length > 160) return false;
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return false;
  return SNOWFLAKE.test(decodeUserId(match[1] ?? ''));
}

function decodeUserId(part: string): string {
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    return atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  } catch {
    return '';
  }
}
