import { describeEndToEnd } from '../support/e2e-scenario.js';
import { startProcess } from '../support/processes.js';

describeEndToEnd('Bun', (discordApiUrl, port, env) =>
  startProcess({
    command: 'node_modules/.bin/bun',
    args: ['src/runtime/bun.ts'],
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', DISCORD_API_URL: discordApiUrl },
    port,
  }),
);
