import { getConnInfo } from 'hono/bun';
import { serveMain } from './serve-main.js';

declare const Bun: {
  serve(options: { fetch: (request: Request) => Response | Promise<Response>; port: number; hostname: string; idleTimeout?: number }): {
    port: number;
    stop(): void;
  };
};

/**
 * `npm run start:bun`: the same app on Bun's own server. Bun has one knob for slow clients,
 * `idleTimeout` (seconds, at most 255): a socket that sends nothing for that long is closed,
 * whether it is idle between requests or trickling its headers. It gets the longer of
 * HEADERS_TIMEOUT_MS and KEEP_ALIVE_TIMEOUT_MS. Bun has no socket cap of its own.
 */
serveMain('bun', async ({ app, config }) => {
  const { headersTimeoutMs, keepAliveTimeoutMs } = config.server;
  const idleTimeout = Math.min(255, Math.max(1, Math.ceil(Math.max(headersTimeoutMs, keepAliveTimeoutMs) / 1000)));
  const server = Bun.serve({ fetch: app.fetch, port: config.port, hostname: config.host, idleTimeout });
  return { port: server.port, stop: () => server.stop() };
}, { peerAddress: (c) => getConnInfo(c).remote.address });
