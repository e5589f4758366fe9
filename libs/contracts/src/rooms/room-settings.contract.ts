import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { roomSelector } from '../core/wire-params.js';
import { familyOf, familyPaths } from './room-families.js';
import type { IRoom } from '../typings/room.js';
import { ActorField, RoomSelectorFields } from './common-fields.js';

/**
 * `channels.rename|setTopic|setDescription|setAnnouncement|setReadOnly|setDefault` and the `groups.*`
 * equivalents (Meteor `saveRoomSettings`): one or more room settings, each checked against `edit-room`
 * (`set-readonly` for read-only). A value equal to the current one is refused, as Rocket.Chat does.
 */
export const SaveRoomSettingsRequest = z.strictObject({
  actor: ActorField,
  ...RoomSelectorFields,
  changes: z
    .strictObject({
      name: z.string().trim().min(1).max(256).optional(),
      topic: z.string().max(1024).optional(),
      description: z.string().max(1024).optional(),
      announcement: z.string().max(1024).optional(),
      readOnly: z.boolean().optional(),
      default: z.boolean().optional(),
    })
    .refine((changes) => Object.keys(changes).length > 0, { message: 'nothing to change' }),
});
export type RoomSettingsChanges = z.infer<typeof SaveRoomSettingsRequest>['changes'];

export const roomsSaveSettings = defineRpc({
  subject: 'rooms.saveSettings',
  request: SaveRoomSettingsRequest,
  response: as<{ room: IRoom }>(),
})
  .post(familyPaths('rename'), {
    request: ({ path, body, actor }) => ({ actor, ...roomSelector(body, familyOf(path).t), changes: { name: body.name } }),
    reply: ({ room }, { path }) => ({ [familyOf(path).one]: room }),
  })
  .post(familyPaths('setReadOnly'), {
    request: ({ path, body, actor }) => ({ actor, ...roomSelector(body, familyOf(path).t), changes: { readOnly: body.readOnly } }),
    reply: ({ room }, { path }) => ({ [familyOf(path).one]: room }),
  })
  .post(familyPaths('setDefault'), {
    // Rocket.Chat reads `default` loosely: true, "true" and "1" mean true.
    request: ({ path, body, actor }) => ({
      actor,
      ...roomSelector(body, familyOf(path).t),
      changes: { default: body.default === undefined ? undefined : ['true', '1'].includes(String(body.default).toLowerCase()) },
    }),
    reply: ({ room }, { path }) => ({ [familyOf(path).one]: room }),
  })
  .post(familyPaths('setTopic'), {
    request: ({ path, body, actor }) => ({ actor, ...roomSelector(body, familyOf(path).t), changes: { topic: body.topic ?? '' } }),
    reply: ({ room }) => ({ topic: room.topic ?? '' }),
  })
  .post(familyPaths('setDescription'), {
    request: ({ path, body, actor }) => ({
      actor,
      ...roomSelector(body, familyOf(path).t),
      changes: { description: body.description ?? '' },
    }),
    reply: ({ room }) => ({ description: room.description ?? '' }),
  })
  .post(familyPaths('setAnnouncement'), {
    request: ({ path, body, actor }) => ({
      actor,
      ...roomSelector(body, familyOf(path).t),
      changes: { announcement: body.announcement ?? '' },
    }),
    reply: ({ room }) => ({ announcement: room.announcement ?? '' }),
  });

/** `channels.archive|unarchive`, `groups.archive|unarchive` (Meteor `archiveRoom`, `unarchiveRoom`). */
export const ArchiveRoomRequest = z.strictObject({ actor: ActorField, ...RoomSelectorFields, archived: z.boolean() });

export const roomsArchive = defineRpc({
  subject: 'rooms.archive',
  request: ArchiveRoomRequest,
  response: as<{ ok: true }>(),
})
  .post(familyPaths('archive'), {
    request: ({ path, body, actor }) => ({ actor, ...roomSelector(body, familyOf(path).t), archived: true }),
    reply: () => ({}),
  })
  .post(familyPaths('unarchive'), {
    request: ({ path, body, actor }) => ({ actor, ...roomSelector(body, familyOf(path).t), archived: false }),
    reply: () => ({}),
  });

/** `channels.delete`, `groups.delete`, `im.delete` (Meteor `eraseRoom`): the room, its messages and subscriptions. */
export const DeleteRoomRequest = z.strictObject({ actor: ActorField, ...RoomSelectorFields });

export const roomsDelete = defineRpc({
  subject: 'rooms.delete',
  request: DeleteRoomRequest,
  response: as<{ ok: true }>(),
}).post(familyPaths('delete', ['channels', 'groups', 'im', 'dm']), {
  request: ({ path, body, actor }) => ({ actor, ...roomSelector(body, familyOf(path).t) }),
  reply: () => ({}),
});
