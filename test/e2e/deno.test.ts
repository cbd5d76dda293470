import { expect } from 'vitest';
import { describeEndToEnd } from '../support/e2e-scenario.js';
import { outputOnceItShows, startProcess } from '../support/processes.js';

// `npm run start:deno` itself, so the script's flags (sloppy imports, the import map that gives
// Deno @discordjs/rest's fetch build) are what the test proves.
describeEndToEnd('Deno', async (discordApiUrl, port, env) => {
  const server = await startProcess({
    command: 'npm',
    args: ['run', '--silent', 'start:deno'],
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', DISCORD_API_URL: discordApiUrl },
    port,
  });
  // Ready can answer before the batched startup line reaches stdout on a busy machine.
  expect(await outputOnceItShows(server, /"runtime":"deno"/)).toContain('"runtime":"deno"');
  return server;
});
