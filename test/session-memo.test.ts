import { describe, expect, it } from 'vitest';
import { SessionMemo } from '../src/scale/session-memo.js';
import type { Session } from '../src/sessions/session.js';
import { ManualClock } from './support/manual-clock.js';

const session = (tokenKey: string): Session => ({
  kind: 'bot',
  identity: { token: 'x', tokenKey, bot: { id: '1', username: 'b', discriminator: '0', global_name: null, avatar: null, bot: true } },
  guildId: null,
  createdAt: 0,
  maxExpiresAt: Number.MAX_SAFE_INTEGER,
});

function trustedMemo(clock: ManualClock): SessionMemo {
  const memo = new SessionMemo({ clock, maxEntries: 100, trustMs: 1000 });
  memo.confirmLive(clock.now());
  return memo;
}

describe('the session memo', () => {
  it('answers nothing until a heartbeat has come back, and nothing once the trust after the last one has run out', () => {
    const clock = new ManualClock();
    const memo = new SessionMemo({ clock, maxEntries: 100, trustMs: 1000 });
    memo.remember(memo.stamp(), 'k', session('t'), false, 60_000);
    expect(memo.peek('k')).toBeUndefined();
    memo.confirmLive(clock.now());
    expect(memo.peek('k')).toBeDefined();
    expect(memo.tokenRevoked('t')).toBe(false);
    clock.advance(1000);
    expect(memo.peek('k')).toBeUndefined();
    expect(memo.tokenRevoked('t')).toBeUndefined();
  });

  it('keeps an entry only until its own lifetime (the next sliding refresh) ends', () => {
    const clock = new ManualClock();
    const memo = trustedMemo(clock);
    memo.remember(memo.stamp(), 'k', session('t'), false, 500);
    clock.advance(499);
    memo.confirmLive(clock.now());
    expect(memo.peek('k')).toBeDefined();
    clock.advance(2);
    expect(memo.peek('k')).toBeUndefined();
  });

  it('does not put back what a Redis read fetched before a session end arrived', () => {
    const clock = new ManualClock();
    const memo = trustedMemo(clock);
    const stamp = memo.stamp();
    memo.forget('k'); // the logout message, while the read was on its way
    memo.remember(stamp, 'k', session('t'), false, 60_000);
    expect(memo.peek('k')).toBeUndefined();
  });

  it('forgets every session of a revoked token, and only those', () => {
    const clock = new ManualClock();
    const memo = trustedMemo(clock);
    memo.remember(memo.stamp(), 'a', session('dead'), false, 60_000);
    memo.remember(memo.stamp(), 'b', session('dead'), false, 60_000);
    memo.remember(memo.stamp(), 'c', session('alive'), false, 60_000);
    memo.forgetToken('dead');
    expect([memo.peek('a'), memo.peek('b'), memo.tokenRevoked('dead')]).toEqual([undefined, undefined, undefined]);
    expect(memo.peek('c')).toBeDefined();
  });

  it('drops everything and stops trusting when told the connection was lost', () => {
    const clock = new ManualClock();
    const memo = trustedMemo(clock);
    memo.remember(memo.stamp(), 'k', session('t'), false, 60_000);
    memo.distrust();
    memo.confirmLive(clock.now()); // a later heartbeat: trusted again, but nothing is left
    expect(memo.peek('k')).toBeUndefined();
    expect(memo.size).toBe(0);
  });

  it('stays within its bound, whatever the number of sessions read', () => {
    const clock = new ManualClock();
    const memo = trustedMemo(clock);
    for (let i = 0; i < 1000; i++) memo.remember(memo.stamp(), `k${i}`, session(`t${i}`), false, 60_000);
    expect(memo.size).toBe(100);
  });
});
