// The fake on a real loopback socket, on plain node:http, so faults can act on the connection
// itself: 'drop' destroys the socket without an answer, 'hang' leaves it open until the client
// gives up. node:http is imported lazily so that index.ts stays free of Node-only imports.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectionDropped } from './faults.js';
import type { FakeDiscord } from './index.js';

export interface ServerOptions { port?: number; host?: string }

export interface FakeDiscordServer {
  /** Base URL for @discordjs/rest's `api` option, e.g. http://127.0.0.1:3001/api */
  url: string;
  port: number;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length > 0 ? new Uint8Array(Buffer.concat(chunks)) : undefined;
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** An abort signal that fires when the client goes away before it has its answer. */
function clientGone(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort(new DOMException('client closed the connection', 'AbortError'));
  });
  return controller.signal;
}

async function toRequest(req: IncomingMessage, res: ServerResponse, origin: string): Promise<Request> {
  const body = await readBody(req);
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method ?? 'GET', headers: toHeaders(req), signal: clientGone(res),
    ...(body ? { body } : {}),
  });
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const body = new Uint8Array(await response.arrayBuffer());
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(body);
}

function handler(fake: FakeDiscord, origin: () => string) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const request = await toRequest(req, res, origin());
      await writeResponse(res, await fake.fetch(request));
    } catch (error) {
      if (error instanceof ConnectionDropped) req.socket.destroy();
      else if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
    }
  };
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startFakeDiscordServer(fake: FakeDiscord, options: ServerOptions = {}): Promise<FakeDiscordServer> {
  const { createServer } = await import('node:http');
  const host = options.host ?? '127.0.0.1';
  let origin = `http://${host}`;
  const server = createServer(handler(fake, () => origin));
  const address = await listen(server, options.port ?? 0, host);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  origin = `http://${urlHost}:${address.port}`;
  return {
    url: `${origin}/api`,
    port: address.port,
    close: () => new Promise<void>((resolve, reject) => {
      // Hung requests would keep server.close() waiting forever.
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}
