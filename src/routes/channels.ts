import * as v from 'valibot';
import { AppError } from '../errors.js';
import type { Resource } from '../cache/response-cache.js';
import * as resources from '../reads/resources.js';
import type { MessageAnchor } from '../reads/resources.js';
import { cachedReadAnswers, Channel, Message } from './answers.js';
import { READ_ERRORS } from './error-groups.js';
import { route } from './route.js';
import { cachedReadQuery, fresh, snowflake, wholeNumber } from './schemas.js';
import { serveResource } from './serve-resource.js';

export const MESSAGES_MAX = 1000;
export const MESSAGES_DEFAULT = 100;
export const AROUND_MAX = 100;

const channelParams = v.object({ channelId: snowflake('channelId') });

export const messagesQueryEntries = {
  limit: wholeNumber('limit', 1, MESSAGES_MAX, MESSAGES_DEFAULT, 'Messages, fetched from Discord 100 at a time; at most 100 with around'),
  before: v.optional(snowflake('before')),
  after: v.optional(snowflake('after')),
  around: v.optional(snowflake('around')),
  fresh,
};
const messagesQuery = v.object(messagesQueryEntries);
export type MessagesQuery = v.InferOutput<typeof messagesQuery>;

export const channelRoutes = [
  route({
    method: 'GET',
    path: '/api/channels/:channelId',
    scope: { channel: 'channelId' },
    auth: 'any',
    tag: 'Reads',
    summary: 'A channel',
    params: channelParams,
    query: cachedReadQuery,
    cache: 'channels',
    lane: ({ channelId }) => resources.plainRoutes.channel(channelId!),
    answers: cachedReadAnswers('The channel', Channel),
    errors: READ_ERRORS,
    handle: (c, { params }, deps) => serveResource(c, deps, resources.channel(params.channelId)),
  }),
  route({
    method: 'GET',
    path: '/api/channels/:channelId/messages',
    scope: { channel: 'channelId' },
    auth: 'any',
    tag: 'Reads',
    summary: "A channel's messages, newest first",
    description: '`before`, `after` and `around` exclude each other, as on Discord.',
    params: channelParams,
    query: messagesQuery,
    cache: 'messages',
    answers: cachedReadAnswers('The messages, newest first', v.array(Message)),
    errors: READ_ERRORS,
    handle: (c, { params, query }, deps) => serveResource(c, deps, messagesResource(params.channelId, query)),
  }),
];

/** `limit` 1..1000 (default 100); `around` is a single Discord page, so at most 100 there. */
export function messagesResource(channelId: string, query: MessagesQuery): Resource {
  const anchor = messageAnchor(query);
  if ('around' in anchor && query.limit > AROUND_MAX) {
    throw new AppError('INVALID_INPUT', `limit must be at most ${AROUND_MAX} with around`, { details: { parameter: 'limit' } });
  }
  return resources.channelMessages(channelId, query.limit, anchor);
}

/** before, after and around exclude each other, as they do on Discord. */
function messageAnchor(query: MessagesQuery): MessageAnchor {
  const given = (['before', 'after', 'around'] as const).filter((name) => query[name] !== undefined);
  if (given.length > 1) {
    throw new AppError('INVALID_INPUT', `Use only one of before, after and around (got ${given.join(', ')})`, {
      details: { parameter: given.join(',') },
    });
  }
  const name = given[0];
  return name ? ({ [name]: query[name] } as MessageAnchor) : {};
}
