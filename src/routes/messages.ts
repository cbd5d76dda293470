import * as v from 'valibot';
import * as writes from '../writes/messages.js';
import { Message } from './answers.js';
import { WRITE_ERRORS, writeAnswers, KEYED_WRITE_ERRORS } from './write-routes.js';
import { route } from './route.js';
import { snowflake } from './schemas.js';
import { createMessageBody, editMessageBody, MESSAGE_BODY_MAX_BYTES } from './write-schemas.js';
import { performWrite } from './write-handler.js';

const channelParams = v.object({ channelId: snowflake('channelId') });
const messageParams = v.object({ channelId: snowflake('channelId'), messageId: snowflake('messageId') });

/** Sending, editing and deleting messages: the channel's cached messages are dropped after each. */
export const messageRoutes = [
  route({
    method: 'POST',
    path: '/api/channels/:channelId/messages',
    scope: { channel: 'channelId' },
    auth: 'any',
    tag: 'Writes',
    summary: 'Send a message',
    description:
      'Without `allowed_mentions` the message is sent with `{"parse": []}`: it pings no one unless it asks to. ' +
      'Takes `Idempotency-Key` (replayed for 24 h) and `X-Audit-Log-Reason`. Never resent after a timeout.',
    params: channelParams,
    body: { schema: createMessageBody, maxBytes: MESSAGE_BODY_MAX_BYTES },
    answers: writeAnswers(200, 'The message Discord created', Message),
    errors: KEYED_WRITE_ERRORS,
    handle: (c, { params, body }, deps) => performWrite(c, deps, writes.createMessage(params.channelId, body)),
  }),
  route({
    method: 'PATCH',
    path: '/api/channels/:channelId/messages/:messageId',
    scope: { channel: 'channelId' },
    auth: 'any',
    tag: 'Writes',
    summary: "Edit one of the bot's messages",
    params: messageParams,
    body: { schema: editMessageBody, maxBytes: MESSAGE_BODY_MAX_BYTES },
    answers: writeAnswers(200, 'The edited message', Message),
    errors: WRITE_ERRORS,
    handle: (c, { params, body }, deps) => performWrite(c, deps, writes.editMessage(params.channelId, params.messageId, body)),
  }),
  route({
    method: 'DELETE',
    path: '/api/channels/:channelId/messages/:messageId',
    scope: { channel: 'channelId' },
    auth: 'any',
    tag: 'Writes',
    summary: 'Delete a message',
    description: "Another member's message needs MANAGE_MESSAGES.",
    params: messageParams,
    answers: writeAnswers(204, 'Deleted'),
    errors: WRITE_ERRORS,
    handle: (c, { params }, deps) => performWrite(c, deps, writes.deleteMessage(params.channelId, params.messageId)),
  }),
];
