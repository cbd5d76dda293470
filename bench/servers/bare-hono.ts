// The baseline of scenario 1: a bare Hono app on the same runtime and server as guildgate,
// answering the cached route with the same status, body bytes and response headers, all
// fixed: what is left is the framework and the socket, the limit a gateway can approach.
// Env: PORT, BENCH_RESPONSE_FILE (JSON {status, headers, bodyBase64}).
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';

interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  bodyBase64: string;
}

declare const Bun: { serve(options: { fetch: (request: Request) => Response | Promise<Response>; port: number; hostname: string }): unknown } | undefined;

const recorded = JSON.parse(readFileSync(process.env.BENCH_RESPONSE_FILE ?? '', 'utf8')) as RecordedResponse;
const body = new Uint8Array(Buffer.from(recorded.bodyBase64, 'base64'));
const app = new Hono();
app.get('/api/guilds/:guildId/channels', (c) => c.body(body, recorded.status as 200, recorded.headers));

const port = Number.parseInt(process.env.PORT ?? '3000', 10);
if (typeof Bun !== 'undefined') {
  Bun.serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
} else {
  const { serve } = await import('@hono/node-server');
  serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
}
process.once('SIGTERM', () => process.exit(0));
