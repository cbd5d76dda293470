import { getConnInfo } from 'hono/bun';
import { serveMain } from './serve-main.js';

declare const Bun: {
  serve(options: { fetch: (request: Request) => Response | Promise<Response>; port: number; hostname: string }): {
    port: number;
    stop(): void;
  };
};

/** `npm run start:bun`: the same app on Bun's own server. */
serveMain('bun', async ({ app, config }) => {
  const server = Bun.serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  return { port: server.port, stop: () => server.stop() };
}, { peerAddress: (c) => getConnInfo(c).remote.address });
