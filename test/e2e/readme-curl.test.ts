import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteSpec } from '../../src/routes/route.js';
import { ROUTES } from '../../src/routes/table.js';
import { freePort, outputOnceItShows, startProcess, type RunningServer } from '../support/processes.js';

const run = promisify(execFile);

interface CurlLine {
  /** The command as the README has it (continuation lines joined). */
  command: string;
  /** What the README says it answers: `# 403 MISSING_ACCESS` (or `# 204`) at its end; else 200. */
  status: number;
  code: string | undefined;
  /** `-m <seconds>`: a stream watched for a while, which curl then ends itself (exit 28). */
  timed: boolean;
}

/** Every curl command of the first sh block of the README's "HTTP API" section, in order. */
function curlLinesOf(readme: string): CurlLine[] {
  const section = readme.slice(readme.indexOf('## HTTP API'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const joined = block.replace(/\\\n\s*/g, '');
  return joined
    .split('\n')
    .filter((line) => line.startsWith('curl '))
    .map((line) => {
      const expected = /\s+#\s*(\d{3})(?:\s+([A-Z_]+))?\s*$/.exec(line);
      return {
        command: expected ? line.slice(0, expected.index) : line,
        status: expected ? Number(expected[1]) : 200,
        code: expected?.[2],
        timed: /\s-[a-zA-Z]*m\s+\d+/.test(line),
      };
    });
}

/** Whether a curl command calls this route: its method (`-X`, else GET) and its path, ids as variables. */
function exampleOf(route: Pick<RouteSpec, 'method' | 'path'>, command: string): boolean {
  const method = /\s-X\s+([A-Z]+)/.exec(command)?.[1] ?? 'GET';
  const path = route.path.replace(/[.]/g, '\\.').replace(/:\w+/g, '[^/?"\'\\s]+');
  return method === route.method && new RegExp(`\\$GG${path}(?:[?"'\\s]|$)`).test(command);
}

/** `export A=1 B=2` as an environment. */
function exportedVariables(output: string): Record<string, string> {
  const line = /^export (.+)$/m.exec(output)?.[1];
  if (!line) throw new Error(`the demo printed no export line:\n${output}`);
  return Object.fromEntries(line.split(' ').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

/** Runs one line in bash; a timed line (`-m`) ends with curl's exit 28, which is its normal end. */
async function runCurl(command: string, variables: Record<string, string>, timed: boolean): Promise<{ stdout: string }> {
  try {
    return await run('bash', ['-c', command], { env: { ...process.env, ...variables }, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const failure = error as { code?: number; stdout?: string };
    if (timed && failure.code === 28 && failure.stdout !== undefined) return { stdout: failure.stdout };
    throw error;
  }
}

describe("the README's curl lines against npm run demo", { timeout: 120_000 }, () => {
  let demo: RunningServer;
  let variables: Record<string, string>;
  let lines: CurlLine[];

  beforeAll(async () => {
    lines = curlLinesOf(await readFile('README.md', 'utf8'));
    const port = await freePort();
    demo = await startProcess({
      command: 'npm',
      args: ['run', '--silent', 'demo'],
      env: { PORT: String(port), FAKE_DISCORD_PORT: String(await freePort()) },
      port,
      timeoutMs: 90_000,
    });
    variables = exportedVariables(await outputOnceItShows(demo, /^export GG=.*$/m, 30_000));
  }, 120_000);

  afterAll(async () => {
    await demo?.stop();
  });

  it('finds the endpoint examples: every route of the table, logout last', () => {
    expect(lines.length).toBeGreaterThanOrEqual(20);
    expect(lines.at(-1)?.command).toContain('/api/auth/logout');
    for (const route of ROUTES) {
      const example = lines.find((line) => exampleOf(route, line.command));
      expect(example, `a curl line for ${route.method} ${route.path}`).toBeDefined();
    }
  });

  it('runs each line as written, with the variables the demo prints, and gets the answer the README says', async () => {
    expect(Object.keys(variables)).toEqual(
      expect.arrayContaining(['GG', 'TOKEN', 'SESSION', 'SESSION2', 'USER_SESSION', 'GUILD_ID', 'CHANNEL_ID', 'USER_ID', 'MESSAGE_ID', 'MESSAGE_ID_OWN', 'ROLE_ID', 'MEMBER_ID']),
    );
    for (const line of lines) {
      // The line exactly as written, plus one curl option at its end that prints the status and type.
      const { stdout } = await runCurl(`${line.command} -w '\\n%{http_code} %{content_type}'`, variables, line.timed);
      const [status, contentType = ''] = stdout.slice(stdout.lastIndexOf('\n') + 1).split(' ');
      const body = stdout.slice(0, stdout.lastIndexOf('\n'));
      expect({ line: line.command, status: Number(status) }).toEqual({ line: line.command, status: line.status });
      if (line.code) expect(JSON.parse(body)).toMatchObject({ code: line.code });
      if (line.command.includes('/metrics')) expect(body).toContain('guildgate_http_requests_total');
      else if (line.timed) expect(body, line.command).toMatch(/^retry: \d+/);
      else if (contentType.startsWith('application/json')) expect(() => JSON.parse(body) as unknown, line.command).not.toThrow();
      // The demo prints its (fake) tokens on purpose, so the suite's secret guard cannot watch
      // this output; the answers are checked here instead.
      for (const secret of [variables.TOKEN!, variables.TOKEN2!, variables.SESSION2!]) expect(body).not.toContain(secret);
    }
  });
});
