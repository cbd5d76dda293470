import { getConnInfo } from '@hono/node-server/conninfo';
import type { PeerAddress } from '../env.js';

/** The socket peer on @hono/node-server (Hono's getConnInfo for that adapter). */
export const nodePeerAddress: PeerAddress = (c) => getConnInfo(c).remote.address;
