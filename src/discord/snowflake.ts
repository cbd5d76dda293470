/** Discord ids: 17 to 20 digits. Anything else in a path or query is refused before Discord. */
export const SNOWFLAKE_PATTERN = /^\d{17,20}$/;

export function isSnowflake(value: string): boolean {
  return SNOWFLAKE_PATTERN.test(value) && BigInt(value) < 2n ** 64n;
}

/** Orders ids numerically without BigInt: a longer id is a larger one. */
export function compareSnowflakes(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
