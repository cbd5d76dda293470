import type { AddressInfo } from 'node:net';
import { batchedStdout } from './batched-stdout.js';
import { listenNode } from './node-listen.js';
import { nodePeerAddress } from './node-peer-address.js';
import { serveMain } from './serve-main.js';

/** `npm start`: guildgate on Node's http server, configured from process.env. */
serveMain('node', ({ app, config }) => {
  const server = listenNode({ fetch: app.fetch, port: config.port, hostname: config.host, limits: config.server });
  return new Promise((resolve, reject) => {
    server.once('error', reject); // a busy port: serveMain prints one line and exits 1
    server.once('listening', () => {
      resolve({ port: (server.address() as AddressInfo).port, stop: () => server.close() });
    });
  });
}, { logSink: batchedStdout(), peerAddress: nodePeerAddress });
