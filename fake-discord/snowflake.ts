// Snowflakes from a counter: deterministic per fake, ascending, and shaped like Discord's
// (timestamp << 22), so ids sort like real ones and decode to plausible dates.
const DISCORD_EPOCH = 1_420_070_400_000n;
/** 2024-01-01T00:00:00Z: makes every id 19 digits. */
const BASE_TIME = 1_704_067_200_000n;
/** One minute between consecutive ids, so seeded messages read like a conversation. */
const STEP_MS = 60_000n;

export interface SnowflakeSource {
  next(): string;
}

export function createSnowflakes(): SnowflakeSource {
  let counter = 0n;
  return {
    next() {
      counter += 1n;
      return ((BASE_TIME - DISCORD_EPOCH + counter * STEP_MS) << 22n).toString();
    },
  };
}

export function timestampOf(id: string): string {
  const ms = (BigInt(id) >> 22n) + DISCORD_EPOCH;
  return new Date(Number(ms)).toISOString();
}

/** Discord accepts snowflakes as up to 20 decimal digits. */
export function isSnowflake(value: string): boolean {
  return /^\d{1,20}$/.test(value);
}

export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
