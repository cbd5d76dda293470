import { getConnInfo } from 'hono/deno';
import { buildProcessService } from './process-service.js';
import { startFailureMessage } from './start-failure.js';

declare const Deno: {
  env: { toObject(): Record<string, string> };
  serve(
    options: { port: number; hostname: string; onListen?: (address: { port: number }) => void },
    handler: (request: Request) => Response | Promise<Response>,
  ): { shutdown(): Promise<void>; finished: Promise<void> };
  addSignalListener(signal: 'SIGTERM' | 'SIGINT', handler: () => void): void;
  exit(code: number): never;
};

/**
 * `npm run start:deno`: the same app on Deno.serve, configured from Deno's environment.
 * Deno.serve offers no header, request or idle timeout and no socket cap to set (Deno applies
 * its own fixed ones): HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS and
 * MAX_CONNECTIONS do not apply here; put a proxy that enforces them in front.
 */
async function main(): Promise<void> {
  const service = await buildProcessService(Deno.env.toObject(), { peerAddress: (c) => getConnInfo(c).remote.address });
  const { config, deps } = service;
  const server = Deno.serve(
    {
      port: config.port,
      hostname: config.host,
      onListen: ({ port }) =>
        deps.logger.info('server.listening', { runtime: 'deno', host: config.host, port, discord: config.discordApiUrl }),
    },
    service.app.fetch,
  );
  const stop = () => {
    void server
      .shutdown()
      .then(() => service.close())
      .finally(() => Deno.exit(0));
  };
  Deno.addSignalListener('SIGTERM', stop);
  Deno.addSignalListener('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(startFailureMessage(error, { port: Deno.env.toObject()['PORT'] ?? 3000 }));
  Deno.exit(1);
});
