import type { Context } from 'hono';
import type { ResolvedSession } from './sessions/sessions.js';

/** The per-request values middleware hands to routes. */
export interface AppEnv {
  Variables: {
    requestId: string;
    session: ResolvedSession;
    /** How the session id came: the Authorization header, or the gg_session cookie (CSRF applies). */
    credential: SessionCredential;
  };
}

/**
 * The address of the socket's peer, as the runtime entry knows it (Hono's getConnInfo for
 * its adapter); undefined where the runtime does not tell.
 */
export type PeerAddress = (c: Context) => string | undefined;

export interface SessionCredential {
  readonly id: string;
  readonly via: 'header' | 'cookie';
}
