import process from 'node:process';
import { promClientExporter } from '../metrics/prom-client-exporter.js';
import type { DepsOverrides } from '../deps.js';
import type { Service } from '../service.js';
import { buildProcessService } from './process-service.js';
import { startFailureMessage } from './start-failure.js';

export interface Listening {
  readonly port: number;
  stop(): void;
}

/**
 * What every process entry (Node, Bun) does around its own server: build the service from the
 * environment, listen, log where, and shut down cleanly on SIGTERM/SIGINT. A bad configuration
 * or a busy port exits non-zero with one line saying what to change, not a stack trace.
 */
export function serveMain(runtime: string, listen: (service: Service) => Promise<Listening>, overrides: DepsOverrides = {}): void {
  start(runtime, listen, overrides).catch((error: unknown) => {
    console.error(startFailureMessage(error, { port: process.env.PORT ?? 3000 }));
    process.exit(1);
  });
}

async function start(runtime: string, listen: (service: Service) => Promise<Listening>, overrides: DepsOverrides): Promise<void> {
  const service = await buildProcessService(process.env, { metricsExporter: promClientExporter, ...overrides });
  const { config, deps } = service;
  const server = await listen(service);
  deps.logger.info('server.listening', { runtime, host: config.host, port: server.port, discord: config.discordApiUrl });
  const stop = () => {
    server.stop();
    void service.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
