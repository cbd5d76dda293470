import { serve } from '@hono/node-server';
import { ConfigError } from '../config.js';
import { buildService } from '../service.js';

/** `npm start`: guildgate on Node, configured from process.env. */
async function main(): Promise<void> {
  const service = await buildService(process.env);
  const { config, deps } = service;
  const server = serve({ fetch: service.app.fetch, port: config.port, hostname: config.host }, (info) => {
    deps.logger.info('server.listening', { runtime: 'node', host: config.host, port: info.port, discord: config.discordApiUrl });
  });
  const stop = () => {
    server.close();
    void service.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `guildgate failed to start: ${String(error)}`);
  process.exit(1);
});
