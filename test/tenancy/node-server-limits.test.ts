import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { listenNode } from '../../src/runtime/node-listen.js';
import { Harness } from '../support/harness.js';

async function listen(env: Record<string, string>): Promise<{ server: Server; port: number }> {
  const harness = new Harness();
  const { server: limits } = parseConfig(env);
  const server = listenNode({ fetch: harness.app.fetch, port: 0, hostname: '127.0.0.1', limits });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** A socket that starts a request and never finishes its headers. */
async function slowloris(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  socket.resume(); // read what the server sends (a 408), or its close is never seen
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
  return socket;
}

function closed(socket: Socket): Promise<void> {
  return socket.destroyed || socket.closed ? Promise.resolve() : new Promise((resolve) => socket.once('close', () => resolve()));
}

describe("Node's server limits", () => {
  let server: Server | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('drops twenty slowloris connections once HEADERS_TIMEOUT_MS passes', { timeout: 15_000 }, async () => {
    const listening = await listen({ HEADERS_TIMEOUT_MS: '300', REQUEST_TIMEOUT_MS: '600' });
    server = listening.server;
    for (let i = 0; i < 20; i++) sockets.push(await slowloris(listening.port));
    // Bounded by the test's timeout: Node's defaults (60 s, checked every 30 s) would hang here.
    await Promise.all(sockets.map(closed));
    expect(sockets.every((socket) => socket.closed || socket.destroyed)).toBe(true);
  });

  it('closes connections past MAX_CONNECTIONS as they arrive', { timeout: 10_000 }, async () => {
    const listening = await listen({ MAX_CONNECTIONS: '5', HEADERS_TIMEOUT_MS: '60000', REQUEST_TIMEOUT_MS: '60000' });
    server = listening.server;
    for (let i = 0; i < 5; i++) sockets.push(await slowloris(listening.port));
    const extra = await slowloris(listening.port);
    sockets.push(extra);
    await closed(extra);
    expect(sockets.slice(0, 5).some((socket) => socket.closed)).toBe(false);
  });

  it('sets the timeouts it is given, not Node defaults', async () => {
    const listening = await listen({ HEADERS_TIMEOUT_MS: '7000', REQUEST_TIMEOUT_MS: '20000', KEEP_ALIVE_TIMEOUT_MS: '4000', MAX_CONNECTIONS: '123' });
    server = listening.server;
    expect(server.headersTimeout).toBe(7000);
    expect(server.requestTimeout).toBe(20000);
    expect(server.keepAliveTimeout).toBe(4000);
    expect(server.maxConnections).toBe(123);
    expect(() => parseConfig({ HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '1000' })).toThrow(/HEADERS_TIMEOUT_MS/);
  });
});
