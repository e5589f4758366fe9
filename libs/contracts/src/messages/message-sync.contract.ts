import { z } from 'zod';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { pagination } from '../core/wire-params.js';
import { ActorField, EntityIdField, PaginationFields } from '../rooms/common-fields.js';
import type { IMessage } from '../typings/message.js';

/** What a client that was away catches up with: threads, a thread's replies, deleted messages. */

export interface Removed {
  _id: string;
  _deletedAt: Date;
}

/** Rocket.Chat's `updatedSince` rules for the thread syncs, in its words. */
function updatedSince(value: unknown): Date {
  if (value === undefined || value === '') {
    throw new DomainError(ErrorCode.UpdatedSinceParamInvalid, 'The required param "updatedSince" is missing.');
  }
  const parsed = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(parsed)) {
    throw new DomainError(ErrorCode.UpdatedSinceParamInvalid, 'The "updatedSince" query parameter must be a valid date.');
  }
  return new Date(parsed);
}

/** `chat.syncThreadsList?rid&updatedSince`: the room's threads changed and removed since. */
export const messagesSyncThreads = defineRpc({
  subject: 'messages.syncThreads',
  request: z.strictObject({ actor: ActorField, rid: EntityIdField, updatedSince: z.date() }),
  response: as<{ threads: { update: IMessage[]; remove: Removed[] } }>(),
}).get('chat.syncThreadsList', {
  request: ({ query, actor }) => ({ actor, rid: query.rid, updatedSince: updatedSince(query.updatedSince) }),
});

/** `chat.syncThreadMessages?tmid&updatedSince`: a thread's replies changed and removed since. */
export const messagesSyncThread = defineRpc({
  subject: 'messages.syncThread',
  request: z.strictObject({ actor: ActorField, tmid: EntityIdField, updatedSince: z.date() }),
  response: as<{ messages: { update: IMessage[]; remove: Removed[] } }>(),
}).get('chat.syncThreadMessages', {
  request: ({ query, actor }) => {
    if (query.tmid === undefined || query.tmid === '') {
      throw new DomainError(ErrorCode.InvalidParams, 'The required "tmid" query param is missing.');
    }
    return { actor, tmid: query.tmid, updatedSince: updatedSince(query.updatedSince) };
  },
});

/** ajv-formats' `iso-date-time` (Rocket.Chat's validators): a date, a time, optional fraction and zone. */
const ISO_DATE_TIME = /^\d\d\d\d-[0-1]\d-[0-3]\d[t\s](?:[0-2]\d:[0-5]\d:[0-5]\d|23:59:60)(?:\.\d+)?(?:z|[+-]\d\d(?::?\d\d)?)?$/i;

/** A required, non-empty query string, refused as Rocket.Chat's ajv words it (`required`, then `minLength: 1`). */
function requiredText(query: Record<string, unknown>, key: string): string {
  const value = query[key];
  if (value === undefined) throw new DomainError(ErrorCode.InvalidParams, `must have required property '${key}'`);
  if (typeof value !== 'string') throw new DomainError(ErrorCode.InvalidParams, 'must be string');
  if (value === '') throw new DomainError(ErrorCode.InvalidParams, 'must NOT have fewer than 1 characters');
  return value;
}

/**
 * `chat.getDeletedMessages?roomId&since`: the ids of the room's messages deleted since, paginated. Rocket.Chat's
 * validator (`isChatGetDeletedMessagesProps`) requires both, `since` as an ISO date-time.
 */
export const messagesDeletedSince = defineRpc({
  subject: 'messages.deletedSince',
  request: z.strictObject({ actor: ActorField, roomId: EntityIdField, since: z.date(), ...PaginationFields }),
  response: as<{ messages: Array<{ _id: string }>; count: number; offset: number; total: number }>(),
}).get('chat.getDeletedMessages', {
  request: ({ query, actor }) => {
    const roomId = requiredText(query, 'roomId');
    const since = requiredText(query, 'since');
    if (!ISO_DATE_TIME.test(since) || Number.isNaN(Date.parse(since))) {
      throw new DomainError(ErrorCode.InvalidParams, 'must match format "iso-date-time"');
    }
    return { actor, roomId, since: new Date(since), ...pagination(query) };
  },
});
