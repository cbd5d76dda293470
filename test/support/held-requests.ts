import type { MakeRequest } from '../../src/discord/bot-pool.js';
import type { FakeDiscord } from '../../fake-discord/index.js';

/**
 * The fake's makeRequest with a gate: requests whose path matches `hold` wait until released,
 * so a test can put something (an invalidation) between "Discord was asked" and "Discord
 * answered" without sleeping.
 */
export function heldRequests(fake: FakeDiscord) {
  let pattern: RegExp | undefined;
  let reached: (() => void) | undefined;
  let release: (() => void) | undefined;
  let gate = Promise.resolve();
  const makeRequest: MakeRequest = async (url, init) => {
    if (pattern?.test(new URL(url).pathname)) {
      reached?.();
      await gate;
    }
    const send = fake.makeRequest as unknown as (url: string, init: unknown) => ReturnType<MakeRequest>;
    return send(url, init);
  };
  return {
    makeRequest,
    /** Holds the next matching requests; resolves once one of them has arrived. */
    hold(path: RegExp): { arrived: Promise<void>; release: () => void } {
      pattern = path;
      gate = new Promise<void>((resolve) => (release = resolve));
      const arrived = new Promise<void>((resolve) => (reached = resolve));
      return {
        arrived,
        release: () => {
          pattern = undefined;
          release?.();
        },
      };
    },
  };
}
