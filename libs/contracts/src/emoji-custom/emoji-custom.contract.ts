import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { date, fields, json, pagination, sort } from '../core/wire-params.js';
import { ActorField, EntityIdField, PaginationFields } from '../rooms/common-fields.js';
import type { ICustomSound, IEmojiCustom } from '../typings/customization.js';
import type { StorageConfig } from '../typings/upload.js';

/**
 * Custom emoji (`rocketchat_custom_emoji`, images in the file storage) and custom sounds
 * (`rocketchat_custom_sounds`). Bodies never cross NATS: the gateway streams an uploaded image into the storage
 * under the ticket's key and asks core to record it; core removes bodies it replaces or deletes.
 */

/** The fields a list may filter on with Rocket.Chat's JSON `query` (plain values only). */
const EmojiFieldKey = z.enum(['_id', 'name', 'extension', 'aliases']);
const EmojiSort = z.partialRecord(z.enum(['_id', 'name', 'extension', '_updatedAt']), z.union([z.literal(1), z.literal(-1)]));

/**
 * `GET emoji-custom.list` (`updatedSince`, `_updatedAt`, `_id`, JSON `query`): `{emojis: {update, remove}}`, the
 * removals from the trash when `updatedSince` is given; DDP `listEmojiCustom`: the array.
 */
export const emojiCustomList = defineRpc({
  subject: 'emojiCustom.list',
  request: z.strictObject({
    actor: ActorField,
    updatedSince: z.date().optional(),
    _updatedAt: z.date().optional(),
    _id: EntityIdField.optional(),
    query: z.partialRecord(EmojiFieldKey, z.string().max(200)).optional(),
  }),
  response: as<{ update: IEmojiCustom[]; remove: Array<{ _id: string; _deletedAt: Date }> }>(),
})
  .get('emoji-custom.list', {
    request: ({ query, actor }) => ({
      actor,
      updatedSince: query.updatedSince ? date(query.updatedSince) : undefined,
      _updatedAt: query._updatedAt ? date(query._updatedAt) : undefined,
      _id: query._id,
      query: json(query.query, 'query'),
    }),
    reply: (emojis) => ({ emojis }),
  })
  .method('listEmojiCustom', {
    request: (_params, { actor }) => ({ actor }),
    reply: ({ update }) => update,
  });

export interface EmojiCustomPage {
  emojis: IEmojiCustom[];
  count: number;
  offset: number;
  total: number;
}

/** `GET emoji-custom.all`: paginated (`offset`, `count`, JSON `query` and `sort`; by name by default). */
export const emojiCustomPage = defineRpc({
  subject: 'emojiCustom.page',
  request: z.strictObject({
    actor: ActorField,
    query: z.partialRecord(EmojiFieldKey, z.string().max(200)).optional(),
    sort: EmojiSort.optional(),
    ...PaginationFields,
  }),
  response: as<EmojiCustomPage>(),
}).get('emoji-custom.all', {
  request: ({ query, actor }) => ({ actor, query: json(query.query, 'query'), sort: sort(query.sort), ...pagination(query) }),
});

/** Where an uploaded image goes: a fresh key (the new `etag`), the size limit and the storage. */
export interface EmojiTicket {
  key: string;
  maxFileSize: number;
  storage: StorageConfig;
}

/** `emoji-custom.create` / `.update` may begin: the caller has `manage-emoji` (`not_authorized` otherwise). */
export const emojiCustomStart = defineRpc({
  subject: 'emojiCustom.start',
  request: z.strictObject({ actor: ActorField }),
  response: as<EmojiTicket>(),
});

/**
 * Rocket.Chat's `insertOrUpdateEmoji` behind `emoji-custom.create` (an image required) and `emoji-custom.update`
 * (`_id`; the image optional): the name and aliases checked, the image (stored by the gateway under `file.key`)
 * recorded. Refused: the gateway removes the body. Announced as `updateEmojiCustom` on stream-notify-logged.
 */
export const emojiCustomSave = defineRpc({
  subject: 'emojiCustom.save',
  request: z.strictObject({
    actor: ActorField,
    _id: EntityIdField.optional(),
    name: z.string().max(200),
    aliases: z.string().max(2000),
    file: z.strictObject({ key: EntityIdField, type: z.string().regex(/^image\/[a-z0-9.+-]+$/) }).optional(),
  }),
  response: as<{ emoji: IEmojiCustom; created: boolean }>(),
});

/** `emoji-custom.delete` (`emojiId`) and DDP `deleteEmojiCustom(id)`: announced as `deleteEmojiCustom`. */
export const emojiCustomDelete = defineRpc({
  subject: 'emojiCustom.delete',
  request: z.strictObject({ actor: ActorField, emojiId: EntityIdField }),
  response: as<{ ok: true }>(),
})
  .post('emoji-custom.delete', { request: ({ body, actor }) => ({ actor, emojiId: body.emojiId }), reply: () => ({}) })
  .method('deleteEmojiCustom', { request: ([emojiId], { actor }) => ({ actor, emojiId }), reply: () => true });

/** What `GET /emoji-custom/:name` serves: the emoji (by name or alias) and where its image is, if any. */
export const emojiCustomForServe = defineRpc({
  subject: 'emojiCustom.forServe',
  request: z.strictObject({ name: z.string().min(1).max(200) }),
  response: as<{ emoji?: IEmojiCustom; storage?: StorageConfig }>(),
});

export interface CustomSoundPage {
  sounds: ICustomSound[];
  count: number;
  offset: number;
  total: number;
}

/** `GET custom-sounds.list`: paginated (`name` a case-insensitive search, JSON `sort`; by name by default). */
export const customSoundsPage = defineRpc({
  subject: 'customSounds.page',
  request: z.strictObject({
    actor: ActorField,
    name: z.string().max(200).optional(),
    sort: z.partialRecord(z.enum(['_id', 'name', '_updatedAt']), z.union([z.literal(1), z.literal(-1)])).optional(),
    ...PaginationFields,
  }),
  response: as<CustomSoundPage>(),
}).get('custom-sounds.list', {
  request: ({ query, actor }) => ({ actor, name: query.name, sort: sort(query.sort), ...pagination(query) }),
});

/** Rocket.Chat's DDP `deleteCustomSound(id)` (`manage-sounds`): announced as `deleteCustomSound` on stream-notify-all. */
export const customSoundsDelete = defineRpc({
  subject: 'customSounds.delete',
  request: z.strictObject({ actor: ActorField, soundId: EntityIdField }),
  response: as<{ ok: true }>(),
}).method('deleteCustomSound', { request: ([soundId], { actor }) => ({ actor, soundId }), reply: () => true });

/** What `GET /custom-sounds/:id.:ext` serves. */
export const customSoundsForServe = defineRpc({
  subject: 'customSounds.forServe',
  request: z.strictObject({ _id: EntityIdField }),
  response: as<{ sound?: ICustomSound; storage?: StorageConfig }>(),
});

/**
 * Rocket.Chat's DDP `insertOrUpdateSound({_id?, name, extension})` (`manage-sounds`): the name checked and
 * recorded; answers the new sound's id, or `true` for an update. The body follows with `uploadCustomSound`.
 */
export const customSoundsSave = defineRpc({
  subject: 'customSounds.save',
  request: z.strictObject({
    actor: ActorField,
    _id: EntityIdField.optional(),
    name: z.string().max(200),
    extension: z.string().regex(/^[a-z0-9]{1,8}$/i, 'Invalid extension'),
  }),
  response: as<{ sound: ICustomSound; created: boolean }>(),
}).method('insertOrUpdateSound', {
  request: ([data], { actor }) => {
    const { _id, name, extension } = fields(data);
    return { actor, _id: _id ?? undefined, name, extension };
  },
  reply: ({ sound, created }) => (created ? sound._id : true),
});

/**
 * Rocket.Chat's DDP `uploadCustomSound(binaryContent, contentType, soundData)` (`manage-sounds`) is the gateway's
 * (`apps/gateway/src/emoji-custom/custom-sound-upload.methods.ts`): the body goes from the DDP frame into the file
 * storage there and never crosses NATS. First this ticket: the caller may, the sound exists, where its body goes.
 */
export const customSoundsStartUpload = defineRpc({
  subject: 'customSounds.startUpload',
  request: z.strictObject({ actor: ActorField, soundId: EntityIdField }),
  /** The body's storage and key (the sound's `_id`), and the largest body taken (`FileUpload_MaxFileSize`). */
  response: as<{ storage: StorageConfig; key: string; maxBytes: number }>(),
});

/**
 * The body of a sound is stored (`size` bytes, sniffed as `type`): recorded on the sound (a new `_updatedAt`, so a
 * new ETag) and announced as `updateCustomSound` on stream-notify-all.
 */
export const customSoundsUploaded = defineRpc({
  subject: 'customSounds.uploaded',
  request: z.strictObject({
    actor: ActorField,
    soundId: EntityIdField,
    size: z.number().int().min(1),
    type: z.string().regex(/^audio\/[\w.+-]{1,60}$/, 'Invalid type'),
  }),
  response: as<{ ok: true }>(),
});

/** `GET custom-sounds.getOne` (`_id`): `{_id, name}`, a 404 for an unknown sound. */
export const customSoundsGetOne = defineRpc({
  subject: 'customSounds.getOne',
  request: z.strictObject({ actor: ActorField, _id: EntityIdField }),
  response: as<{ _id: string; name: string }>(),
}).get('custom-sounds.getOne', { request: ({ query, actor }) => ({ actor, _id: query._id }) });
