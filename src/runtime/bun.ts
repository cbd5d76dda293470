import { ConfigError } from '../config.js';
import { buildService } from '../service.js';

declare const Bun: {
  serve(options: { fetch: (request: Request) => Response | Promise<Response>; port: number; hostname: string }): {
    port: number;
    stop(): void;
  };
};

/** `npm run start:bun`: the same app on Bun's own server. */
async function main(): Promise<void> {
  const service = await buildService(process.env);
  const { config, deps } = service;
  const server = Bun.serve({ fetch: service.app.fetch, port: config.port, hostname: config.host });
  deps.logger.info('server.listening', { runtime: 'bun', host: config.host, port: server.port, discord: config.discordApiUrl });
  const stop = () => {
    server.stop();
    void service.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `guildgate failed to start: ${String(error)}`);
  process.exit(1);
});
