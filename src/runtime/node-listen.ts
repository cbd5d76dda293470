import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { ServerLimits } from '../config.js';

export interface NodeListenOptions {
  fetch: (request: Request) => Response | Promise<Response>;
  port: number;
  hostname: string;
  limits: ServerLimits;
}

/**
 * guildgate on Node's http server with its limits set, not Node's defaults (60 s for headers,
 * 300 s for a request, no cap on sockets): a client that sends its headers a byte at a time
 * (slowloris) is answered 408 and dropped after HEADERS_TIMEOUT_MS, a slow body after
 * REQUEST_TIMEOUT_MS, an idle keep-alive socket after KEEP_ALIVE_TIMEOUT_MS, and sockets past
 * MAX_CONNECTIONS are closed as they arrive.
 */
export function listenNode(options: NodeListenOptions): Server {
  const { limits } = options;
  const server = serve({
    fetch: options.fetch,
    port: options.port,
    hostname: options.hostname,
    serverOptions: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node checks the two timeouts above only this often (30 s by default): check often
      // enough that a timeout means about what it says.
      connectionsCheckingInterval: checkingIntervalMs(limits),
    },
  }) as Server;
  server.maxConnections = limits.maxConnections;
  return server;
}

function checkingIntervalMs(limits: ServerLimits): number {
  const shortest = Math.min(...[limits.headersTimeoutMs, limits.requestTimeoutMs].filter((ms) => ms > 0), 2000);
  return Math.max(50, Math.floor(shortest / 2));
}
