import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

describe('live-updates settings', () => {
  it('defaults to a 15 s heartbeat, 1000 streams and Webhook Events off', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ eventsHeartbeatMs: 15_000, maxEventStreams: 1000, discordPublicKey: '' });
  });

  it('names each bad key: a public key that is not 64 hex characters, a stream limit of 0', () => {
    let error: unknown;
    try {
      parseConfig({ DISCORD_PUBLIC_KEY: 'abc', MAX_EVENT_STREAMS: '0', EVENTS_HEARTBEAT_MS: 'often' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const key of ['DISCORD_PUBLIC_KEY', 'MAX_EVENT_STREAMS', 'EVENTS_HEARTBEAT_MS']) expect(problems).toContain(key);
  });

  it('accepts the Developer Portal key in either case', () => {
    expect(parseConfig({ DISCORD_PUBLIC_KEY: 'AB'.repeat(32) }).discordPublicKey).toBe('ab'.repeat(32));
  });
});
