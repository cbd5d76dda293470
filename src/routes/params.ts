import type { Context } from 'hono';
import { AppError } from '../errors.js';
import { isSnowflake } from '../discord/snowflake.js';
import type { MessageAnchor } from '../reads/resources.js';

/** Input checks shared by the routes: each failure is a 400 that names the parameter. */
export function snowflake(value: string | undefined, name: string): string {
  if (value === undefined || !isSnowflake(value)) {
    throw new AppError('INVALID_INPUT', `${name} must be a Discord id (17 to 20 digits)`, {
      details: { parameter: name },
    });
  }
  return value;
}

export function optionalSnowflake(value: string | undefined, name: string): string | undefined {
  return value === undefined ? undefined : snowflake(value, name);
}

export function intInRange(value: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^\d{1,7}$/.test(value) || number < min || number > max) {
    throw new AppError('INVALID_INPUT', `${name} must be a whole number from ${min} to ${max}`, {
      details: { parameter: name },
    });
  }
  return number;
}

export function bool(value: string | undefined, name: string): boolean {
  if (value === undefined || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1' || value === '') return true;
  throw new AppError('INVALID_INPUT', `${name} must be true or false`, { details: { parameter: name } });
}

/** `type=0,2` or `type=0&type=2`: channel types, small whole numbers, deduplicated and sorted. */
export function channelTypes(values: string[] | undefined): number[] | undefined {
  if (!values || values.length === 0) return undefined;
  const parts = values.flatMap((value) => value.split(','));
  const types = parts.map((part) => {
    if (!/^\d{1,2}$/.test(part)) {
      throw new AppError('INVALID_INPUT', 'type must be channel type numbers, e.g. type=0,2', {
        details: { parameter: 'type' },
      });
    }
    return Number(part);
  });
  return [...new Set(types)].sort((a, b) => a - b);
}

/** before, after and around exclude each other, as they do on Discord. */
export function messageAnchor(c: Context): MessageAnchor {
  const given = (['before', 'after', 'around'] as const).filter((name) => c.req.query(name) !== undefined);
  if (given.length > 1) {
    throw new AppError('INVALID_INPUT', `Use only one of before, after and around (got ${given.join(', ')})`, {
      details: { parameter: given.join(',') },
    });
  }
  const name = given[0];
  if (!name) return {};
  return { [name]: snowflake(c.req.query(name), name) } as MessageAnchor;
}

export const MESSAGES_MAX = 1000;
export const MESSAGES_DEFAULT = 100;
export const AROUND_MAX = 100;
export const MEMBERS_MAX = 1000;
