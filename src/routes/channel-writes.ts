import * as v from 'valibot';
import * as writes from '../writes/channels.js';
import { Channel } from './answers.js';
import { route } from './route.js';
import { snowflake } from './schemas.js';
import { performWrite } from './write-handler.js';
import { WRITE_ERRORS, writeAnswers } from './write-routes.js';
import { modifyChannelBody, SMALL_BODY_MAX_BYTES } from './write-schemas.js';

/** Changing a channel: the channel and its guild's channel lists are dropped after it. */
export const channelWriteRoutes = [
  route({
    method: 'PATCH',
    path: '/api/channels/:channelId',
    scope: { channel: 'channelId' },
    auth: 'any',
    tag: 'Writes',
    summary: 'Change a channel',
    description: 'Needs MANAGE_CHANNELS. Takes `X-Audit-Log-Reason`.',
    params: v.object({ channelId: snowflake('channelId') }),
    body: { schema: modifyChannelBody, maxBytes: SMALL_BODY_MAX_BYTES },
    answers: writeAnswers(200, 'The changed channel', Channel),
    errors: WRITE_ERRORS,
    handle: (c, { params, body }, deps) => performWrite(c, deps, writes.modifyChannel(params.channelId, body)),
  }),
];
