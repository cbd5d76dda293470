import type { Ticker } from '../../src/live/ticker.js';

/** A Ticker the test fires by hand: heartbeats without sleeping. */
export class ManualTicker implements Ticker {
  private readonly ticks = new Set<() => void>();

  every(_ms: number, tick: () => void): () => void {
    this.ticks.add(tick);
    return () => this.ticks.delete(tick);
  }

  fire(): void {
    for (const tick of [...this.ticks]) tick();
  }

  get running(): number {
    return this.ticks.size;
  }
}
