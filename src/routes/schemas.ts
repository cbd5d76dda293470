import * as v from 'valibot';
import { isSnowflake, SNOWFLAKE_PATTERN } from '../discord/snowflake.js';

/**
 * The valibot pieces routes are declared with. Each failure message names its parameter, so
 * the one error format (400 INVALID_INPUT with `parameter`) reads well whatever failed; each
 * carries a description, so the OpenAPI document explains it.
 */

/** A Discord id in a path or query: 17 to 20 digits. */
export function snowflake(name: string) {
  return v.pipe(
    v.string(`${name} must be a Discord id (17 to 20 digits)`),
    v.regex(SNOWFLAKE_PATTERN, `${name} must be a Discord id (17 to 20 digits)`),
    v.check(isSnowflake, `${name} must be a Discord id (17 to 20 digits)`),
    v.description('A Discord id (snowflake): 17 to 20 digits.'),
  );
}

/** A whole number in a query string, from min to max; absent means the fallback. */
export function wholeNumber(name: string, min: number, max: number, fallback: number, description: string) {
  const message = `${name} must be a whole number from ${min} to ${max}`;
  return v.optional(
    v.pipe(
      v.string(message),
      v.regex(/^\d{1,7}$/, message),
      v.transform(Number),
      v.minValue(min, message),
      v.maxValue(max, message),
      v.description(`${description} (${min} to ${max}, default ${fallback})`),
    ),
    String(fallback),
  );
}

/** `true`/`1`/empty or `false`/`0` in a query string. */
export function flag(name: string, description: string) {
  return v.optional(
    v.pipe(
      v.picklist(['true', 'false', '1', '0', ''], `${name} must be true or false`),
      v.transform((value) => value === 'true' || value === '1' || value === ''),
      v.description(description),
    ),
    'false',
  );
}

/** `type=0,2` or `type=0&type=2`: channel types, deduplicated and sorted. */
export const channelTypes = v.optional(
  v.pipe(
    v.union([v.string(), v.array(v.string())], 'type must be channel type numbers, e.g. type=0,2'),
    v.transform((value) => (Array.isArray(value) ? value : [value]).flatMap((part) => part.split(','))),
    v.check((parts) => parts.every((part) => /^\d{1,2}$/.test(part)), 'type must be channel type numbers, e.g. type=0,2'),
    v.transform((parts) => [...new Set(parts.map(Number))].sort((a, b) => a - b)),
    v.description('One or more channel type numbers: `type=0,2` or `type=0&type=2`.'),
  ),
);

/** `?fresh=true` skips the cache (and stores the fresh answer); every cached read takes it. */
export const fresh = flag('fresh', 'Skip the cache and ask Discord (the answer is stored).');

/** The query of a cached read with no parameters of its own. */
export const cachedReadQuery = v.object({ fresh });

export type ObjectSchema = v.ObjectSchema<v.ObjectEntries, v.ErrorMessage<v.ObjectIssue> | undefined>;
