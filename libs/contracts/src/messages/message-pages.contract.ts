import { z } from 'zod';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { fields, optionalDate } from '../core/wire-params.js';
import { ActorField, EntityIdField } from '../rooms/common-fields.js';
import type { IMessage } from '../typings/message.js';

/** The Meteor methods a client pages a room or a thread with, beside `loadHistory`. */

/** Meteor clients ask for any number: the server serves at most a thousand (as `loadHistory`). */
const clientLimit = (limit: unknown): unknown => (typeof limit === 'number' ? Math.min(limit, 1000) : (limit ?? undefined));

/** What `loadSurroundingMessages` answers: the message amid its neighbours, oldest first. */
export interface SurroundingMessages {
  messages: IMessage[];
  moreBefore: boolean;
  moreAfter: boolean;
}

/**
 * Meteor `loadSurroundingMessages(message, limit = 50)`: a jump to a message (a search hit, a permalink) loads
 * it with the messages around it; `false` when the message is unknown or the caller may not read its room.
 */
export const messagesSurrounding = defineRpc({
  subject: 'messages.surrounding',
  request: z.strictObject({ actor: ActorField, mid: EntityIdField.optional(), limit: z.number().int().min(1).max(1000).default(50) }),
  response: as<SurroundingMessages | false>(),
}).method('loadSurroundingMessages', {
  request: ([message, limit], { actor }) => ({ actor, mid: fields(message)._id, limit: clientLimit(limit) }),
});

/** Meteor `loadNextMessages(rid, end, limit = 20)`: the page after `end` (or the room's first), oldest first. */
export const messagesNext = defineRpc({
  subject: 'messages.next',
  request: z.strictObject({
    actor: ActorField,
    rid: EntityIdField,
    end: z.date().optional(),
    limit: z.number().int().min(1).max(1000).default(20),
  }),
  response: as<{ messages: IMessage[] } | false>(),
}).method('loadNextMessages', {
  request: ([rid, end, limit], { actor }) => {
    if (typeof rid !== 'string' || rid === '') throw new DomainError(ErrorCode.InvalidRoom, 'Invalid room');
    return { actor, rid, end: optionalDate(end), limit: clientLimit(limit) };
  },
});

/** Rocket.Chat's cap on a thread page (`MAX_LIMIT` of `getThreadMessages`). */
const THREAD_PAGE_MAX = 100;

/**
 * Meteor `getThreadMessages({tmid, limit, skip})`: the thread's first message, then its replies newest first;
 * reading it marks the thread read for the caller.
 */
export const messagesThreadPage = defineRpc({
  subject: 'messages.threadPage',
  request: z.strictObject({
    actor: ActorField,
    tmid: EntityIdField,
    limit: z.number().int().min(0).max(THREAD_PAGE_MAX).optional(),
    skip: z.number().int().min(0).max(1_000_000).optional(),
  }),
  response: as<IMessage[]>(),
}).method('getThreadMessages', {
  request: ([options], { actor }) => {
    const { tmid, limit, skip } = fields(options);
    if (typeof limit === 'number' && limit > THREAD_PAGE_MAX) {
      throw new DomainError(ErrorCode.NotAllowed, `max limit: ${THREAD_PAGE_MAX}`);
    }
    return { actor, tmid, limit: limit ?? undefined, skip: skip ?? undefined };
  },
});
