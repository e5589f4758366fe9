import { z } from 'zod';
import { UsernameField } from '../accounts/user-fields.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { splitList } from '../core/wire-params.js';
import { familyOf, familyPaths } from './room-families.js';
import type { IRoom } from '../typings/room.js';
import { ActorField, EntityIdField, RoomNameField } from './common-fields.js';

const UsernameListField = z.array(UsernameField).max(1000);

/** Extra room fields a creator may set (Rocket.Chat's `extraData`, the ones this server supports). */
export const RoomExtraDataField = z.strictObject({
  topic: z.string().max(1024).optional(),
  description: z.string().max(1024).optional(),
  announcement: z.string().max(1024).optional(),
  broadcast: z.boolean().optional(),
  encrypted: z.boolean().optional(),
  reactWhenReadOnly: z.boolean().optional(),
  teamId: EntityIdField.optional(),
});

/**
 * `channels.create` / `groups.create` (Meteor `createChannel`, `createPrivateGroup`): a public channel or a
 * private group, the creator its owner (unless `excludeSelf`), `members` by username.
 */
export const CreateRoomRequest = z.strictObject({
  actor: ActorField,
  t: z.enum(['c', 'p']),
  name: RoomNameField,
  members: UsernameListField.default([]),
  readOnly: z.boolean().default(false),
  excludeSelf: z.boolean().default(false),
  extraData: RoomExtraDataField.default({}),
  customFields: z.record(z.string().max(64), z.union([z.string().max(1024), z.number(), z.boolean()])).optional(),
});
export type CreateRoomRequest = z.infer<typeof CreateRoomRequest>;

export const roomsCreate = defineRpc({
  subject: 'rooms.create',
  request: CreateRoomRequest,
  response: as<{ room: IRoom }>(),
}).post(familyPaths('create'), {
  request: ({ path, body, actor }) => ({
    actor,
    t: familyOf(path).t,
    name: body.name,
    members: body.members,
    readOnly: body.readOnly,
    excludeSelf: body.excludeSelf,
    extraData: body.extraData,
    customFields: body.customFields,
  }),
  reply: ({ room }, { path }) => ({ [familyOf(path).one]: room }),
});

/**
 * `im.create` (Meteor `createDirectMessage`): a direct message with one user, or a group DM with several;
 * the existing one when it exists. `usernames` are the others; the caller joins unless `excludeSelf`.
 */
export const CreateDirectRequest = z.strictObject({
  actor: ActorField,
  usernames: UsernameListField.min(1),
  excludeSelf: z.boolean().default(false),
});

export const roomsCreateDirect = defineRpc({
  subject: 'rooms.createDirect',
  request: CreateDirectRequest,
  response: as<{ room: IRoom }>(),
})
  .post(['im.create', 'dm.create'], {
    // `username` for a one-to-one DM, `usernames` ("a,b") for a group DM.
    request: ({ body, actor }) => ({
      actor,
      usernames:
        typeof body.usernames === 'string' ? splitList(body.usernames) : body.username !== undefined ? [body.username] : body.usernames,
      excludeSelf: body.excludeSelf,
    }),
  })
  .method('createDirectMessage', {
    request: (usernames, { actor }) => ({ actor, usernames }),
    // Meteor answers the room with its id as `rid`.
    reply: ({ room: { _id: rid, ...room } }) => ({ ...room, t: 'd', rid }),
  });
