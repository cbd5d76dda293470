import { Harness } from '../support/harness.js';
import { seedScenario } from '../support/scenario.js';

export async function writeWorld(env: Record<string, string> = {}) {
  const harness = new Harness({ env: { LOG_LEVEL: 'warn', ...env } });
  const world = seedScenario(harness.fake);
  const sessionId = await harness.login(world.botA.token);
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    harness.request(path, {
      method,
      headers: { Authorization: sessionId, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const json = async <T = any>(response: Response): Promise<T> => (await response.json()) as T;
  return { harness, world, sessionId, send, json, fake: harness.fake };
}
