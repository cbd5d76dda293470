import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import type { AppEnv } from '../../src/env.js';

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** The app on @hono/node-server, on a real loopback socket, in this process (so tests can see deps). */
export async function serveOnLoopback(app: Hono<AppEnv>): Promise<Served> {
  let server!: ReturnType<typeof serve>;
  const address = await new Promise<AddressInfo>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info));
  });
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
