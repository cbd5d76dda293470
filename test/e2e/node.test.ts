import { describeEndToEnd } from '../support/e2e-scenario.js';
import { startProcess } from '../support/processes.js';

// Through `npm start`, exactly as the README says: it builds, then serves dist/ on Node.
describeEndToEnd(
  'Node (npm start)',
  (discordApiUrl, port, env) =>
    startProcess({
      command: 'npm',
      args: ['start', '--silent'],
      env: { ...env, PORT: String(port), HOST: '127.0.0.1', DISCORD_API_URL: discordApiUrl },
      port,
      timeoutMs: 120_000,
    }),
  { timeoutMs: 150_000 },
);
