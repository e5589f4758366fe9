import { z } from 'zod';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import type { Params } from '../core/binding.js';
import { roomSelector } from '../core/wire-params.js';
import { familyOf, familyPaths } from './room-families.js';
import type { IRoom } from '../typings/room.js';
import { ActorField, RoomSelectorFields } from './common-fields.js';
import { MAX_AVATAR_DATA_URI } from '../avatars/avatars.contract.js';

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
      /** A `data:image/…;base64,…` URI; empty or null removes the room's avatar (`edit-room-avatar`). */
      roomAvatar: z.string().max(MAX_AVATAR_DATA_URI).nullable().optional(),
      /** `c` or `p` (Rocket.Chat's `roomType`; the service answers `error-invalid-room-type` for others). */
      type: z.string().max(16).optional(),
      /** The code a channel asks of those who join it (`channels.setJoinCode`); empty removes it. */
      joinCode: z.string().max(256).optional(),
      /** The room's custom fields (`roomCustomFields`), replaced as a whole. */
      customFields: z
        .record(
          z
            .string()
            .min(1)
            .max(256)
            .regex(/^[^$.][^.]*$/, 'not a field name'),
          z.unknown(),
        )
        .refine((fields) => Object.keys(fields).length <= 100, { message: 'at most 100 custom fields' })
        .optional(),
      /** Reactions still allowed while the room is read-only. */
      reactWhenReadOnly: z.boolean().optional(),
      /** The system message types hidden in the room (`sysMes`; Rocket.Chat's `MessageTypesValues` keys). */
      systemMessages: z.array(z.string().max(64)).max(100).optional(),
      /** The room's end-to-end encryption flag (private groups and direct messages only). */
      encrypted: z.boolean().optional(),
      /** The room's retention policy (`retention.*`; `edit-room-retention-policy`); `maxAge` in days. */
      retentionEnabled: z.boolean().optional(),
      retentionMaxAge: z.number().min(0).max(1_000_000).optional(),
      retentionExcludePinned: z.boolean().optional(),
      retentionFilesOnly: z.boolean().optional(),
      retentionIgnoreThreads: z.boolean().optional(),
      retentionOverrideGlobal: z.boolean().optional(),
      /** Shown on the directory's featured list (`view-room-administration`). */
      featured: z.boolean().optional(),
      /** A favorite room for everyone (`favorite`), as the administration's room editor sets it. */
      favorite: z.strictObject({ favorite: z.boolean(), defaultValue: z.boolean().optional() }).optional(),
    })
    .refine((changes) => Object.values(changes).some((value) => value !== undefined), { message: 'nothing to change' }),
});
export type RoomSettingsChanges = z.infer<typeof SaveRoomSettingsRequest>['changes'];

/**
 * A family setter's own parameter, which Rocket.Chat's `channels.*` / `groups.*` route checks before it looks the
 * room up, with its `API.v1.failure` text (`text`: a non-blank string, `present`: the key given at all, `object`: an
 * object). Answers the body, for the mapping to go on.
 */
function requireParam(body: Params, key: string, rule: 'text' | 'present' | 'object'): Params {
  const value = body[key];
  const missing =
    rule === 'text'
      ? typeof value !== 'string' || !value.trim()
      : rule === 'present'
        ? !Object.prototype.hasOwnProperty.call(body, key)
        : typeof value !== 'object' || value === null;
  if (!missing) return body;
  throw new DomainError(
    ErrorCode.PlainFailure,
    rule === 'object' ? `The bodyParam "${key}" is required with a type like object.` : `The bodyParam "${key}" is required`,
  );
}

export const roomsSaveSettings = defineRpc({
  subject: 'rooms.saveSettings',
  request: SaveRoomSettingsRequest,
  response: as<{ room: IRoom }>(),
})
  .post(familyPaths('rename'), {
    request: ({ path, body, actor }) => ({
      actor,
      ...roomSelector(requireParam(body, 'name', 'text'), familyOf(path).t),
      changes: { name: body.name },
    }),
    reply: ({ room }, { path }) => ({ [familyOf(path).one]: room }),
  })
  .post(familyPaths('setReadOnly'), {
    // `groups.setReadOnly` checks it itself; `channels.setReadOnly`'s validator requires it.
    request: ({ path, body, actor }) => ({
      actor,
      ...roomSelector(path.startsWith('groups.') ? requireParam(body, 'readOnly', 'present') : body, familyOf(path).t),
      changes: { readOnly: body.readOnly },
    }),
    reply: ({ room }, { path }) => ({ [familyOf(path).one]: room }),
  })
  .post(familyPaths('setDefault'), {
    // Rocket.Chat reads `default` loosely: true, "true" and "1" mean true.
    request: ({ path, body, actor }) => ({
      actor,
      ...roomSelector(body, familyOf(path).t),
      changes: { default: body.default === undefined ? undefined : isTrue(body.default) },
    }),
    reply: ({ room }, { path }) => ({ [familyOf(path).one]: room }),
  });

/**
 * `rooms.saveRoomSettings` (Rocket.Chat's REST face of `saveRoomSettings`): several settings at once, under
 * their Rocket.Chat names (`roomName`, `roomTopic`, …, `roomAvatar`) → `{ rid }`.
 */
roomsSaveSettings
  .post('rooms.saveRoomSettings', {
    // Unknown keys are refused before this by the gateway's table of Rocket.Chat's strict routes, in ajv's words.
    request: ({ body, actor }) => ({ actor, roomId: body.rid, changes: namedSettings(body) }),
    reply: ({ room }) => ({ rid: room._id }),
  })
  /** Meteor `saveRoomSettings(rid, settings)` or `(rid, key, value)` → `{ result: true, rid }`. */
  .method('saveRoomSettings', {
    request: ([rid, settings, value], { actor }) => ({
      actor,
      roomId: rid,
      changes: namedSettings(knownSettings(typeof settings === 'string' ? { [settings]: value } : ((settings ?? {}) as Params))),
    }),
    reply: ({ room }) => ({ result: true, rid: room._id }),
  });

/** The keys `saveRoomSettings` knows (Rocket.Chat's list, less `sidepanel` and `streamingOptions`). */
const ROOM_SETTING_KEYS = new Set([
  'roomName',
  'roomTopic',
  'roomDescription',
  'roomAnnouncement',
  'readOnly',
  'default',
  'roomAvatar',
  'roomType',
  'joinCode',
  'roomCustomFields',
  'reactWhenReadOnly',
  'systemMessages',
  'encrypted',
  'retentionEnabled',
  'retentionMaxAge',
  'retentionExcludePinned',
  'retentionFilesOnly',
  'retentionIgnoreThreads',
  'retentionOverrideGlobal',
  'featured',
  'favorite',
]);

/** The method's settings, refused as a whole when one key is not a setting (Rocket.Chat's `error-invalid-settings`). */
function knownSettings(given: Params): Params {
  if (!Object.keys(given).every((key) => ROOM_SETTING_KEYS.has(key))) {
    throw new DomainError(ErrorCode.InvalidSettings, 'Invalid settings provided');
  }
  return given;
}

/** Rocket.Chat's names of the room settings (`roomName`, `roomTopic`, …) onto the changes (only those read). */
function namedSettings(given: Params) {
  return {
    name: given.roomName,
    topic: given.roomTopic,
    description: given.roomDescription,
    announcement: given.roomAnnouncement,
    readOnly: given.readOnly,
    default: given.default,
    roomAvatar: given.roomAvatar,
    type: given.roomType,
    joinCode: given.joinCode,
    customFields: given.roomCustomFields,
    reactWhenReadOnly: given.reactWhenReadOnly,
    systemMessages: given.systemMessages,
    encrypted: given.encrypted,
    retentionEnabled: given.retentionEnabled,
    retentionMaxAge: given.retentionMaxAge,
    retentionExcludePinned: given.retentionExcludePinned,
    retentionFilesOnly: given.retentionFilesOnly,
    retentionIgnoreThreads: given.retentionIgnoreThreads,
    retentionOverrideGlobal: given.retentionOverrideGlobal,
    featured: given.featured,
    favorite: given.favorite,
  };
}

/** `setTopic`, `setDescription`, `setAnnouncement`: a text setting, answered with its new value. */
for (const [action, key] of [
  ['setTopic', 'topic'],
  ['setDescription', 'description'],
  ['setAnnouncement', 'announcement'],
] as const) {
  roomsSaveSettings.post(familyPaths(action), {
    // `channels.setAnnouncement`'s validator requires it; the others check it themselves.
    request: ({ path, body, actor }) => ({
      actor,
      ...roomSelector(
        action === 'setAnnouncement' && path.startsWith('channels.') ? body : requireParam(body, key, 'present'),
        familyOf(path).t,
      ),
      changes: { [key]: body[key] ?? '' },
    }),
    reply: ({ room }) => ({ [key]: room[key] ?? '' }),
  });
}

/** `channels.setType`, `groups.setType`: `c` or `p`, answered with the room under its new family's key. */
roomsSaveSettings
  .post(familyPaths('setType'), {
    request: ({ path, body, actor }) => ({
      actor,
      ...roomSelector(requireParam(body, 'type', 'text'), familyOf(path).t),
      changes: { type: body.type ?? '' },
    }),
    reply: ({ room }, { path }) => ({ [familyOf(path).one]: room }),
  })
  /** `channels.setPurpose`, `groups.setPurpose`: the description under its older name. */
  .post(familyPaths('setPurpose'), {
    request: ({ path, body, actor }) => ({
      actor,
      ...roomSelector(requireParam(body, 'purpose', 'present'), familyOf(path).t),
      changes: { description: body.purpose ?? '' },
    }),
    reply: ({ room }) => ({ purpose: room.description ?? '' }),
  })
  /** `channels.setJoinCode` (a blank code is "required", as Rocket.Chat). */
  .post('channels.setJoinCode', {
    request: ({ body, actor }) => ({
      actor,
      ...roomSelector(requireParam(body, 'joinCode', 'text'), 'c'),
      changes: { joinCode: typeof body.joinCode === 'string' && !body.joinCode.trim() ? undefined : body.joinCode },
    }),
    reply: ({ room }) => ({ channel: room }),
  })
  /** `channels.setCustomFields`, `groups.setCustomFields`: an object of custom fields. */
  .post(familyPaths('setCustomFields'), {
    request: ({ path, body, actor }) => ({
      actor,
      ...roomSelector(requireParam(body, 'customFields', 'object'), familyOf(path).t),
      changes: { customFields: body.customFields },
    }),
    reply: ({ room }, { path }) => ({ [familyOf(path).one]: room }),
  })
  /** `im.setTopic` / `dm.setTopic`: a direct message's topic. */
  .post(['im.setTopic', 'dm.setTopic'], {
    request: ({ body, actor }) => ({ actor, ...roomSelector(body, 'd'), changes: { topic: body.topic ?? '' } }),
    reply: ({ room }) => ({ topic: room.topic ?? '' }),
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
  })
  // The web client's Edit room › Archived: `action: 'archive'` archives, anything else unarchives.
  .post('rooms.changeArchivationState', {
    request: ({ body, actor }) => ({ actor, roomId: body.rid, archived: body.action === 'archive' }),
    reply: () => ({}),
  })
  .method('archiveRoom', { request: ([rid], { actor }) => ({ actor, roomId: rid, archived: true }), reply: () => undefined })
  .method('unarchiveRoom', { request: ([rid], { actor }) => ({ actor, roomId: rid, archived: false }), reply: () => undefined });

/** `channels.delete`, `groups.delete`, `im.delete` (Meteor `eraseRoom`): the room, its messages and subscriptions. */
export const DeleteRoomRequest = z.strictObject({ actor: ActorField, ...RoomSelectorFields });

export const roomsDelete = defineRpc({
  subject: 'rooms.delete',
  request: DeleteRoomRequest,
  response: as<{ ok: true }>(),
})
  .post(familyPaths('delete', ['channels', 'groups', 'im', 'dm']), {
    request: ({ path, body, actor }) => ({ actor, ...roomSelector(body, familyOf(path).t) }),
    reply: () => ({}),
  })
  // The web client's Edit room › Delete: any type of room, by id.
  .post('rooms.delete', {
    request: ({ body, actor }) => {
      if (!body.roomId) throw new DomainError(ErrorCode.PlainFailure, "The 'roomId' param is required");
      return { actor, roomId: body.roomId };
    },
    reply: () => ({}),
  });

function isTrue(value: unknown): boolean {
  return value === true || value === 1 || (typeof value === 'string' && ['true', '1'].includes(value.toLowerCase()));
}
