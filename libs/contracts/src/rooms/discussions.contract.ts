import { z } from 'zod';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import type { Actor } from '../accounts/self-user.js';
import type { Params } from '../core/binding.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { fields, page, pagination, sort } from '../core/wire-params.js';
import type { IMessage } from '../typings/message.js';
import type { IRoom } from '../typings/room.js';
import { ActorField, EntityIdField, PaginationFields, RoomSelectorFields, SortField, type Page } from './common-fields.js';

/**
 * Discussions (Rocket.Chat's `createDiscussion`): a room of its own under a parent room (`prid`), started from
 * the room or from one of its messages (`pmid`), announced in the parent by a `discussion-created` message
 * whose `drid` names it; that message (and the one it started from) carry the discussion's `dcount` / `dlm`.
 */

const CreateDiscussionRequest = z.strictObject({
  actor: ActorField,
  prid: EntityIdField.optional(),
  pmid: EntityIdField.optional(),
  t_name: z.string().trim().min(1).max(256),
  reply: z.string().max(50_000).optional(),
  users: z.array(z.string().max(64)).max(500).default([]),
  encrypted: z.boolean().optional(),
  topic: z.string().max(1024).optional(),
});

/** The discussion room, with its id again as `rid`. */
export type DiscussionRoom = IRoom & { rid: string };

const required = (name: string) => new DomainError(ErrorCode.PlainFailure, `Body parameter "${name}" is required.`);

export const roomsCreateDiscussion = defineRpc({
  subject: 'discussions.create',
  request: CreateDiscussionRequest,
  response: as<DiscussionRoom>(),
})
  .post('rooms.createDiscussion', {
    request: ({ body, actor }) => {
      if (body.prid === undefined || body.prid === '') throw required('prid');
      if (body.t_name === undefined || body.t_name === '') throw required('t_name');
      if (body.users !== undefined && !Array.isArray(body.users)) {
        throw new DomainError(ErrorCode.PlainFailure, 'Body parameter "users" must be an array.');
      }
      if (body.encrypted !== undefined && typeof body.encrypted !== 'boolean') {
        throw new DomainError(ErrorCode.PlainFailure, 'Body parameter "encrypted" must be a boolean when included.');
      }
      return {
        actor,
        prid: body.prid,
        pmid: body.pmid,
        t_name: body.t_name,
        reply: body.reply,
        users: body.users,
        encrypted: body.encrypted,
        topic: body.topic,
      };
    },
    reply: (discussion) => ({ discussion }),
  })
  .method('createDiscussion', {
    request: ([params], { actor }) => {
      const { prid, pmid, t_name, reply, users, encrypted } = fields(params);
      return {
        actor,
        prid: prid ?? undefined,
        pmid: pmid ?? undefined,
        t_name,
        reply: reply ?? undefined,
        users: users ?? undefined,
        encrypted: encrypted ?? undefined,
        topic: undefined,
      };
    },
  });

/** Both discussion listings take a room, an optional name filter, sort and paging. */
const DiscussionsOfRoomRequest = z.strictObject({
  actor: ActorField,
  roomId: EntityIdField,
  text: z.string().max(256).optional(),
  sort: SortField.optional(),
  ...PaginationFields,
});
const discussionsOfRoomQuery = ({ query, actor }: { query: Params; actor: Actor }) => ({
  actor,
  roomId: query.roomId,
  text: query.text,
  sort: sort(query.sort),
  ...pagination(query),
});

/**
 * `rooms.getDiscussions?roomId|roomName&text`: the discussions of a room the caller may read, by name, paged. The
 * room is found as Rocket.Chat's rooms API finds it (neither parameter: `error-roomid-param-not-provided`).
 */
export const roomsGetDiscussions = defineRpc({
  subject: 'discussions.ofRoom',
  request: DiscussionsOfRoomRequest.extend({ roomId: RoomSelectorFields.roomId, roomName: RoomSelectorFields.roomName }),
  response: as<Page<IRoom>>(),
}).get('rooms.getDiscussions', {
  request: ({ query, actor }) => ({ ...discussionsOfRoomQuery({ query, actor }), roomName: query.roomName }),
  reply: (result) => page('discussions', result),
});

/** `chat.getDiscussions?roomId&text`: the messages of a room that started a discussion, paged. */
export const messagesGetDiscussions = defineRpc({
  subject: 'discussions.messagesOfRoom',
  request: DiscussionsOfRoomRequest,
  response: as<Page<IMessage>>(),
}).get('chat.getDiscussions', {
  request: discussionsOfRoomQuery,
  reply: (result) => page('messages', result),
});
