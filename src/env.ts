import type { ResolvedSession } from './sessions/sessions.js';

/** The per-request values middleware hands to routes. */
export interface AppEnv {
  Variables: {
    requestId: string;
    session: ResolvedSession;
  };
}
