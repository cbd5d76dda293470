import type { Context } from 'hono';
import * as v from 'valibot';
import { AppError } from '../errors.js';
import { readJsonObject } from './json-body.js';
import type { RouteInput, RouteSpec } from './route.js';

/**
 * A route's path parameters, query and body, checked against its schemas before its handler
 * runs, so nothing invalid reaches Discord. One error format for all: 400 INVALID_INPUT whose
 * `parameter` names what was wrong.
 */
export async function readInput(c: Context, spec: RouteSpec): Promise<RouteInput<unknown, unknown, unknown>> {
  const params = spec.params ? check(spec.params, c.req.param()) : {};
  const query = spec.query ? check(spec.query, queryOf(c)) : {};
  const body = spec.body ? check(spec.body.schema, await readJsonObject(c, spec.body.maxBytes)) : undefined;
  return { params, query, body };
}

function check<T>(schema: v.GenericSchema<unknown, T>, input: unknown): T {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) return result.output;
  throw invalidInput(result.issues[0]);
}

/** Each query parameter once as a string, or as a list when it is repeated (`type=0&type=2`). */
function queryOf(c: Context): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(c.req.queries())) query[name] = values.length === 1 ? values[0]! : values;
  return query;
}

function invalidInput(issue: v.BaseIssue<unknown>): AppError {
  const parameter = v.getDotPath(issue) ?? 'body';
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    return new AppError('INVALID_INPUT', `${parameter} is not a field this endpoint takes`, { details: { parameter } });
  }
  const message = issue.message.startsWith('Invalid ') ? `${parameter}: ${issue.message}` : issue.message;
  return new AppError('INVALID_INPUT', message, { details: { parameter } });
}
