import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/processes.js';

const run = promisify(execFile);

describe('the README demo', () => {
  it('starts the fake Discord and guildgate, and shows a MISS then a HIT', { timeout: 90_000 }, async () => {
    const env = { ...process.env, PORT: String(await freePort()), FAKE_DISCORD_PORT: String(await freePort()) };
    const { stdout } = await run('npm', ['run', 'demo', '--silent', '--', '--once'], { env, timeout: 80_000 });
    expect(stdout).toMatch(/POST \/api\/auth\/login -> 200/);
    const cacheStates = [...stdout.matchAll(/X-Cache: (\w+)/g)].map((match) => match[1]);
    expect(cacheStates).toEqual(['MISS', 'HIT']);
    expect(stdout).toMatch(/^export GG=http:\/\/127\.0\.0\.1:\d+ TOKEN=\S+ TOKEN2=\S+ SESSION=\S+ SESSION2=\S+ USER_SESSION=\S+ GUILD_ID=\d+ /m);
    // It opens onto the console: its URL is the last thing it prints.
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^Console: http:\/\/127\.0\.0\.1:\d+\/console\/ /);
  });
});
