/**
 * Counts events over a rolling window (Discord's invalid-request limit: 10,000 answers of
 * 401/403/429 in 10 minutes per IP). The window is split into slots so counting is O(slots).
 * The memory counter serves one process; a shared store (Redis) implements the same interface
 * so every instance behind one egress address spends one budget.
 */
export interface WindowCounter {
  /** Adds `n` events now; resolves to the total within the window, including them. */
  add(n: number): Promise<number>;
  /** The total within the window now. */
  total(): Promise<number>;
  /** Milliseconds until the oldest counted slot leaves the window (0 when empty). */
  msUntilOldestExpires(): Promise<number>;
}

export interface WindowShape {
  windowMs: number;
  slotMs: number;
}

export const DISCORD_INVALID_REQUEST_WINDOW: WindowShape = { windowMs: 10 * 60_000, slotMs: 10_000 };

export class MemoryWindowCounter implements WindowCounter {
  private readonly slots = new Map<number, number>();

  constructor(
    private readonly shape: WindowShape,
    private readonly now: () => number,
  ) {}

  async add(n: number): Promise<number> {
    const slot = this.slotOf(this.now());
    this.slots.set(slot, (this.slots.get(slot) ?? 0) + n);
    return this.total();
  }

  async total(): Promise<number> {
    this.dropExpired();
    let sum = 0;
    for (const count of this.slots.values()) sum += count;
    return sum;
  }

  async msUntilOldestExpires(): Promise<number> {
    this.dropExpired();
    if (this.slots.size === 0) return 0;
    const oldest = Math.min(...this.slots.keys());
    return Math.max(0, (oldest + 1) * this.shape.slotMs + this.shape.windowMs - this.now());
  }

  private slotOf(time: number): number {
    return Math.floor(time / this.shape.slotMs);
  }

  private dropExpired(): void {
    const firstLive = this.slotOf(this.now() - this.shape.windowMs) + 1;
    for (const slot of this.slots.keys()) if (slot < firstLive) this.slots.delete(slot);
  }
}
