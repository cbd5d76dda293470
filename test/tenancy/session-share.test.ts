import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { twoBots } from './tenants.js';

describe('sessions are shared fairly between bots', () => {
  it("lets 200 logins of bot A push out only A's own sessions, never bot B's live one (MAX_SESSIONS=50)", async () => {
    const { harness, world, sessionA, sessionB } = await twoBots({ MAX_SESSIONS: '50' });
    const sessionsOfA = [sessionA];
    for (let i = 0; i < 200; i++) sessionsOfA.push(await harness.login(world.botA.token));
    expect((await harness.get('/api/auth/session', sessionB)).status).toBe(200);
    expect((await harness.get('/api/auth/session', sessionsOfA.at(-1)!)).status).toBe(200);
    expect((await harness.get('/api/auth/session', sessionsOfA[0]!)).status).toBe(401);
    expect(harness.deps.sessionStore.count()).toBe(50);
  });

  it('holds one bot to MAX_SESSIONS_PER_BOT even while the store has room', async () => {
    const { harness, world, sessionA } = await twoBots({ MAX_SESSIONS: '100', MAX_SESSIONS_PER_BOT: '10' });
    for (let i = 0; i < 10; i++) await harness.login(world.botA.token);
    expect((await harness.get('/api/auth/session', sessionA)).status).toBe(401);
    expect(harness.deps.sessionStore.count()).toBe(11); // ten of A, one of B
  });

  it('leaves a one-bot deployment the whole store by default', () => {
    const config = parseConfig({ MAX_SESSIONS: '5000' });
    expect(config.maxSessionsPerBot).toBe(5000);
    expect(() => parseConfig({ MAX_SESSIONS: '10', MAX_SESSIONS_PER_BOT: '11' })).toThrow(/MAX_SESSIONS_PER_BOT/);
  });
});
