import { pause } from '../lib/pause.js';
import { globalBudgetSpent } from './global-budget-spent.js';
import type { UpstreamCall, UpstreamGuard } from './upstream-guard.js';

/** Every this many calls, bots with nothing in flight and nothing counted are forgotten. */
const FORGET_IDLE_EVERY = 1024;

export interface GlobalRateGuardOptions {
  /** MAX_RATE_LIMIT_WAIT_MS: a call that would wait longer is answered 429 instead. */
  maxWaitMs: number;
  /** UPSTREAM_TIMEOUT_MS: a call never answered (its HTTP client ignored the abort) frees its slot after it. */
  inFlightMs: number;
  /** Discord's global limit: 50 requests per second per bot. */
  limit?: number;
  windowMs?: number;
}

/**
 * Discord's global limit (50 requests a second per bot) kept in one process, counted the way
 * Discord counts: when a request arrives. REST's own limiter opens a one-second window when it
 * sends; a request that spends a little longer on the way (a busy event loop is enough) lands in
 * Discord's next window, on top of the fifty REST sends in its own next window.
 * Here a request holds a slot from when it leaves until one window after its answer came back
 * (one that never gets an answer frees its slot after UPSTREAM_TIMEOUT_MS and a window).
 * Every request that reached Discord within one of its windows still holds its slot at that
 * window's end, so no window at Discord ever holds more than `limit` arrivals, however long
 * a request spends on the way. The Redis guard keeps the same rule across instances.
 */
export class GlobalRateGuard implements UpstreamGuard {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly bots = new Map<string, BotSlots>();
  private readonly held = new WeakMap<UpstreamCall, Slot>();
  private callsSinceForget = 0;

  constructor(private readonly options: GlobalRateGuardOptions) {
    this.limit = options.limit ?? 50;
    this.windowMs = options.windowMs ?? 1000;
  }

  async before(call: UpstreamCall): Promise<void> {
    this.forgetIdleBotsNowAndThen();
    const deadline = Date.now() + this.options.maxWaitMs;
    for (;;) {
      const now = Date.now();
      const slots = this.slotsOf(call.tokenKey); // asked again: an idle bot's slots may have been forgotten meanwhile
      const slot = slots.tryTake(now, now + this.options.inFlightMs + this.windowMs);
      if (slot) return void this.held.set(call, slot);
      const waitMs = slots.msUntilOneMayFree(now, this.windowMs);
      if (now + waitMs > deadline) throw globalBudgetSpent(deadline - now + waitMs, 'instance');
      await pause(waitMs, call.signal);
    }
  }

  after(call: UpstreamCall): void {
    this.release(call);
  }

  failed(call: UpstreamCall): void {
    this.release(call);
  }

  /** Answered (or failed): the slot counts one more window, as Discord may have counted it just now. */
  private release(call: UpstreamCall): void {
    const slot = this.held.get(call);
    if (!slot) return;
    this.held.delete(call);
    slot.freesAt = Math.min(slot.freesAt, Date.now() + this.windowMs);
    slot.answered = true;
  }

  private slotsOf(tokenKey: string): BotSlots {
    let slots = this.bots.get(tokenKey);
    if (!slots) {
      slots = new BotSlots(this.limit);
      this.bots.set(tokenKey, slots);
    }
    return slots;
  }

  private forgetIdleBotsNowAndThen(): void {
    if (++this.callsSinceForget < FORGET_IDLE_EVERY) return;
    this.callsSinceForget = 0;
    const now = Date.now();
    for (const [tokenKey, slots] of this.bots) if (slots.idle(now)) this.bots.delete(tokenKey);
  }
}

interface Slot {
  /** While in flight: when a call never answered stops counting. Once answered: one window after. */
  freesAt: number;
  answered: boolean;
}

/** One bot's slots: a slot per request in flight or answered less than a window ago. */
class BotSlots {
  private slots: Slot[] = [];

  constructor(private readonly limit: number) {}

  tryTake(now: number, freesAt: number): Slot | undefined {
    this.dropFreed(now);
    if (this.slots.length >= this.limit) return undefined;
    const slot = { freesAt, answered: false };
    this.slots.push(slot);
    return slot;
  }

  /** The soonest a slot can free: a request still in flight frees one window after its answer at the earliest. */
  msUntilOneMayFree(now: number, windowMs: number): number {
    let soonest = Infinity;
    for (const slot of this.slots) soonest = Math.min(soonest, slot.answered ? slot.freesAt : Math.min(slot.freesAt, now + windowMs));
    return Math.max(1, soonest - now);
  }

  idle(now: number): boolean {
    this.dropFreed(now);
    return this.slots.length === 0;
  }

  private dropFreed(now: number): void {
    if (this.slots.some((slot) => slot.freesAt <= now)) this.slots = this.slots.filter((slot) => slot.freesAt > now);
  }
}
