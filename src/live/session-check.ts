import type { Clock } from '../clock.js';
import type { SessionStore } from '../sessions/store.js';

/** Whether a stream's session still holds; asked on each heartbeat. */
export type SessionStillLive = (sessionKey: string, tokenKey: string) => Promise<boolean>;

/**
 * Ended (logged out on any instance, idle or past its maximum age, or its token revoked) means
 * the stream ends. Reading the session slides its idle expiry, as any request would: an open
 * stream is a dashboard in use. A store that cannot answer keeps the stream: a Redis blip must
 * not drop every dashboard at once; the next heartbeat asks again.
 */
export function sessionStillLive(store: SessionStore, clock: Clock): SessionStillLive {
  return async (sessionKey, tokenKey) => {
    try {
      const session = await store.get(sessionKey);
      if (!session || clock.now() >= session.maxExpiresAt) return false;
      return !(await store.isTokenRevoked(tokenKey));
    } catch {
      return true;
    }
  };
}
