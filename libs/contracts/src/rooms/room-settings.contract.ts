import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
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
});

/** `channels.archive|unarchive`, `groups.archive|unarchive` (Meteor `archiveRoom`, `unarchiveRoom`). */
export const ArchiveRoomRequest = z.strictObject({ actor: ActorField, ...RoomSelectorFields, archived: z.boolean() });

export const roomsArchive = defineRpc({
  subject: 'rooms.archive',
  request: ArchiveRoomRequest,
  response: as<{ ok: true }>(),
});

/** `channels.delete`, `groups.delete`, `im.delete` (Meteor `eraseRoom`): the room, its messages and subscriptions. */
export const DeleteRoomRequest = z.strictObject({ actor: ActorField, ...RoomSelectorFields });

export const roomsDelete = defineRpc({
  subject: 'rooms.delete',
  request: DeleteRoomRequest,
  response: as<{ ok: true }>(),
});
