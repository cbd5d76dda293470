import { createFakeDiscord } from '../../fake-discord/index.js';
import type { Env } from '../../src/config.js';
import { heldRequests } from '../support/held-requests.js';
import { Harness } from '../support/harness.js';
import { seedScenario } from '../support/scenario.js';

/**
 * Two bots on one guildgate: A (guilds one and two) and B (guild two only), each logged in,
 * and a gate on Discord's answers (heldRequests).
 */
export async function twoBots(env: Env = {}) {
  const fake = createFakeDiscord();
  const held = heldRequests(fake);
  const harness = new Harness({ fake, env, overrides: { makeRequest: held.makeRequest as never } });
  const world = seedScenario(fake);
  const sessionA = await harness.login(world.botA.token);
  const sessionB = await harness.login(world.botB.token);
  const invalidate = (sessionId: string, guildId: string, module: string) =>
    harness.request('/api/cache/invalidate', {
      method: 'POST',
      headers: { Authorization: sessionId, 'Content-Type': 'application/json' },
      body: JSON.stringify({ guildId, module }),
    });
  return { harness, world, held, sessionA, sessionB, invalidate };
}
