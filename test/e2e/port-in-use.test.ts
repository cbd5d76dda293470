import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/processes.js';

const run = promisify(execFile);

/** What a command printed and how it ended; a non-zero exit is an answer here, not a throw. */
async function outcome(command: string, args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(command, args, { env: { ...process.env, ...env }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** Something else listening on a loopback port, as on a newcomer's machine. */
async function occupy(): Promise<{ port: number; server: Server }> {
  const port = await freePort();
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, server };
}

describe('a busy port', { timeout: 150_000 }, () => {
  let busy: { port: number; server: Server };
  beforeAll(async () => {
    busy = await occupy();
  });
  afterAll(() => new Promise<void>((resolve) => busy.server.close(() => resolve())));

  it('makes `npm start` exit non-zero with one line naming the port and PORT, no stack trace', async () => {
    const result = await outcome('npm', ['start', '--silent'], { PORT: String(busy.port), HOST: '127.0.0.1' });
    expect(result.code).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([expect.stringContaining(`port ${busy.port}`)]);
    expect(lines[0]).toContain('set PORT to a free port');
    expect(result.stderr + result.stdout).not.toMatch(/Unhandled 'error' event|\n\s+at /);
  });

  it("makes `npm run demo` say which of its two ports is busy and which variable moves it", async () => {
    const free = String(await freePort());
    const guildgateBusy = await outcome('npm', ['run', '--silent', 'demo', '--', '--once'], { PORT: String(busy.port), FAKE_DISCORD_PORT: free });
    expect(guildgateBusy.code).not.toBe(0);
    expect(guildgateBusy.stderr.trim()).toMatch(new RegExp(`^guildgate cannot listen on port ${busy.port}: .*set PORT to a free port[^\\n]*$`));

    const fakeBusy = await outcome('npm', ['run', '--silent', 'demo', '--', '--once'], { PORT: free, FAKE_DISCORD_PORT: String(busy.port) });
    expect(fakeBusy.code).not.toBe(0);
    expect(fakeBusy.stderr.trim()).toMatch(new RegExp(`^the fake Discord cannot listen on port ${busy.port}: .*set FAKE_DISCORD_PORT[^\\n]*$`));
  });
});
