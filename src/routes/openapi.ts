import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { ERROR_STATUS, type ErrorCode } from '../errors.js';
import { openApiPath } from './path-pattern.js';
import type { Answer, RouteSpec } from './route.js';

type JsonSchema = Record<string, unknown>;
type Json = Record<string, unknown>;

/**
 * The OpenAPI 3.1 document, derived from the route table: every route with its parameters,
 * body, answers and error codes; the error envelope and the session scheme as shared
 * components. Schemas with a title become components and are referenced by it.
 */
export function openApiDocument(routes: readonly RouteSpec[], version: string): Json {
  const components = new Map<string, JsonSchema>();
  const paths: Record<string, Json> = {};
  for (const spec of routes) {
    const path = (paths[openApiPath(spec.path)] ??= {});
    path[spec.method.toLowerCase()] = operation(spec, components);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'guildgate',
      version,
      description: 'A session-based, caching REST gateway in front of the Discord HTTP API.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    paths,
    components: {
      schemas: { ...Object.fromEntries(components), Error: ERROR_SCHEMA },
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}

const SECURITY_SCHEMES = {
  session: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: 'The session id from login, as `Authorization: <id>` or `Authorization: Bearer <id>`.',
  },
};

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error', 'code', 'requestId'],
  properties: {
    error: { type: 'string', description: 'What went wrong, for a person.' },
    code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
    requestId: { type: 'string' },
    parameter: { type: 'string', description: 'The input that was wrong (INVALID_INPUT).' },
    discord: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: ['integer', 'string'] }, message: { type: 'string' } },
      description: 'What Discord said, when it said something.',
    },
  },
  additionalProperties: true,
};

function operation(spec: RouteSpec, components: Map<string, JsonSchema>): Json {
  const schema = (given: v.GenericSchema) => componentRef(given, components);
  return {
    operationId: operationId(spec),
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    ...(spec.auth === 'none' ? {} : { security: [{ session: [] }] }),
    parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
    ...requestBody(spec, schema),
    responses: { ...answers(spec.answers, schema), ...errorAnswers(spec) },
    ...(spec.cache ? { 'x-cache-kind': spec.cache } : {}),
  };
}

function requestBody(spec: RouteSpec, schema: (given: v.GenericSchema) => JsonSchema): Json {
  const body = spec.body ?? spec.documentedBody;
  if (!body) return {};
  const contentType = (spec.documentedBody?.contentType ?? 'application/json');
  return { requestBody: { required: true, content: { [contentType]: { schema: schema(body.schema) } } } };
}

/** `GET /api/guilds/:guildId/channels` -> `getGuildsGuildIdChannels`: unique, stable (`/console/` -> `getConsoleIndex`). */
function operationId(spec: RouteSpec): string {
  const words = spec.path
    .replace(/^\/api\//, '/')
    .replace(/(.)\/$/, '$1/index')
    .split(/[/:._-]+/)
    .filter(Boolean);
  return spec.method.toLowerCase() + words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
}

function parameters(schema: v.GenericSchema | undefined, place: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const object = inputSchema(schema);
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: place,
      required: place === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function answers(given: Readonly<Record<number, Answer>>, schema: (given: v.GenericSchema) => JsonSchema): Json {
  const out: Json = {};
  for (const [status, answer] of Object.entries(given)) {
    const content = answer.schema
      ? { content: { [answer.contentType ?? 'application/json']: { schema: schema(answer.schema) } } }
      : answer.contentType
        ? { content: { [answer.contentType]: { schema: { type: 'string' } } } }
        : {};
    const headers = answer.headers ? { headers: Object.fromEntries(answer.headers.map((name) => [name, { schema: { type: 'string' } }])) } : {};
    out[status] = { description: answer.description, ...headers, ...content };
  }
  return out;
}

/** One answer per status, listing the codes it carries; every route can fail with a 500. */
function errorAnswers(spec: RouteSpec): Json {
  const byStatus = new Map<number, Set<ErrorCode>>();
  for (const code of [...spec.errors, 'INTERNAL_ERROR'] as ErrorCode[]) {
    const status = ERROR_STATUS[code];
    (byStatus.get(status) ?? byStatus.set(status, new Set()).get(status)!).add(code);
  }
  const out: Json = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[status] = {
      description: [...codes].join(', '),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return out;
}

/** A titled schema becomes a component (once) and is referenced; others are inlined. */
function componentRef(schema: v.GenericSchema, components: Map<string, JsonSchema>): JsonSchema {
  const json = inputSchema(schema);
  const title = json.title;
  if (typeof title !== 'string') return json;
  if (!components.has(title)) components.set(title, json);
  return { $ref: `#/components/schemas/${title}` };
}

/** JSON Schema of what a client sends (or receives): transforms are the server's business. */
function inputSchema(schema: v.GenericSchema): JsonSchema {
  const json = toJsonSchema(schema, { errorMode: 'ignore', typeMode: 'input' }) as JsonSchema;
  delete json.$schema;
  return json;
}
