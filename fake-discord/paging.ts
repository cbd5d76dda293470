// Discord's paging rules for the lists it pages: members (after, limit 1..1000, default 1),
// messages (before/after/around, limit 1..100, default 50, newest first) and the bot's guilds
// (before/after, limit 1..200, default 200, ascending).
import type { APIGuildMember, APIMessage } from 'discord-api-types/v10';
import { fail, invalidFormBody, ok, type Result } from './errors.js';
import { compareIds, isSnowflake } from './snowflake.js';

export interface LimitRule { fallback: number; max: number }

export function parseLimit(raw: string | undefined, rule: LimitRule): Result<number> {
  if (raw === undefined || raw === '') return ok(rule.fallback);
  if (!/^-?\d+$/.test(raw)) return fail(invalidFormBody('limit', 'NUMBER_TYPE_COERCE', `Value "${raw}" is not int.`));
  const value = Number(raw);
  if (value < 1) return fail(invalidFormBody('limit', 'NUMBER_TYPE_MIN', 'int value should be greater than or equal to 1.'));
  if (value > rule.max) {
    return fail(invalidFormBody('limit', 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${rule.max}.`));
  }
  return ok(value);
}

/** An optional snowflake query parameter; absent stays undefined. */
export function parseCursor(field: string, raw: string | undefined): Result<string | undefined> {
  if (raw === undefined || raw === '') return ok(undefined);
  if (isSnowflake(raw)) return ok(raw);
  return fail(invalidFormBody(field, 'NUMBER_TYPE_COERCE', `Value "${raw}" is not snowflake.`));
}

/** Index of the first item whose id is greater than `id` (the list is ascending). */
function firstAfter<T>(items: readonly T[], id: string, idOf: (item: T) => string): number {
  const index = items.findIndex((item) => compareIds(idOf(item), id) > 0);
  return index === -1 ? items.length : index;
}

/** Index of the first item whose id is at least `id`. */
function firstAtOrAfter<T>(items: readonly T[], id: string, idOf: (item: T) => string): number {
  const index = items.findIndex((item) => compareIds(idOf(item), id) >= 0);
  return index === -1 ? items.length : index;
}

export function pageMembers(members: readonly APIGuildMember[], after: string | undefined, limit: number): APIGuildMember[] {
  const start = after === undefined ? 0 : firstAfter(members, after, (m) => m.user.id);
  return members.slice(start, start + limit);
}

export interface MessageCursor { before?: string | undefined; after?: string | undefined; around?: string | undefined }

/**
 * Only one cursor is honoured, around first, then before, then after. Every answer is newest
 * first; for `after` it holds the `limit` messages right after the cursor.
 */
export function pageMessages(messages: readonly APIMessage[], cursor: MessageCursor, limit: number): APIMessage[] {
  const idOf = (m: APIMessage) => m.id;
  let slice: APIMessage[];
  if (cursor.around !== undefined) {
    const pivot = firstAtOrAfter(messages, cursor.around, idOf);
    const before = Math.floor(limit / 2);
    const start = Math.max(0, pivot - before);
    slice = messages.slice(start, pivot + (limit - (pivot - start)));
  } else if (cursor.before !== undefined) {
    const end = firstAtOrAfter(messages, cursor.before, idOf);
    slice = messages.slice(Math.max(0, end - limit), end);
  } else if (cursor.after !== undefined) {
    const start = firstAfter(messages, cursor.after, idOf);
    slice = messages.slice(start, start + limit);
  } else {
    slice = messages.slice(Math.max(0, messages.length - limit));
  }
  return slice.reverse();
}

export function pageAscending<T>(items: readonly T[], idOf: (item: T) => string, cursor: MessageCursor, limit: number): T[] {
  if (cursor.before !== undefined) {
    const end = firstAtOrAfter(items, cursor.before, idOf);
    return items.slice(Math.max(0, end - limit), end);
  }
  const start = cursor.after === undefined ? 0 : firstAfter(items, cursor.after, idOf);
  return items.slice(start, start + limit);
}
