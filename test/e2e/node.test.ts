import { describeEndToEnd } from '../support/e2e-scenario.js';
import { startProcess } from '../support/processes.js';

describeEndToEnd('Node', (discordApiUrl, port) =>
  startProcess({
    command: process.execPath,
    args: ['--import', 'tsx', 'src/runtime/node.ts'],
    env: { PORT: String(port), HOST: '127.0.0.1', DISCORD_API_URL: discordApiUrl },
    port,
  }),
);
