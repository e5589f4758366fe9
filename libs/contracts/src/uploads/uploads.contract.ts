import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField, EntityIdField } from '../rooms/common-fields.js';
import type { IMessage } from '../typings/message.js';
import type { IUpload, StorageConfig } from '../typings/upload.js';

/**
 * Uploads are received by the gateway, which streams the body into the file storage itself (bodies never
 * cross NATS); these requests carry only what the services decide: may this user upload here and under which
 * rules, the metadata of a stored body, the message that shows it, who may read it.
 */

/** What an upload must respect, read from the settings when it starts. */
export interface UploadTicket {
  /** The id the body is stored under and the metadata will carry. */
  fileId: string;
  /** `FileUpload_MaxFileSize` in bytes; -1: no limit. */
  maxFileSize: number;
  /** `FileUpload_MediaTypeWhiteList` / `FileUpload_MediaTypeBlackList`, comma-separated, `type/*` allowed. */
  whiteList: string;
  blackList: string;
  /** Where new bodies go (`FileUpload_Storage_Type` and its settings). */
  storage: StorageConfig;
  /** `Message_MaxAllowedSize`: the longest description or message text. */
  maxMessageSize: number;
  /** An image's thumbnail (`Message_Attachments_Thumbnails_*`): its id, or none when thumbnails are off. */
  thumbnail?: { fileId: string; width: number; height: number };
  /** `FileUpload_RotateImages`: thumbnails follow the EXIF orientation. */
  rotateImages: boolean;
  /** `Message_Attachments_Strip_Exif`: EXIF and XMP are cut out of JPEG, PNG and WebP bodies while they stream. */
  stripExif: boolean;
}

/** May the caller upload to this room now? (`FileUpload_Enabled`, access to the room, not read-only.) */
export const uploadsStart = defineRpc({
  subject: 'uploads.start',
  request: z.strictObject({ actor: ActorField, rid: EntityIdField }),
  response: as<UploadTicket>(),
});

/** Rocket.Chat's name rules: a file name, not a path; at most 255 characters. */
export const FileNameField = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => !/[/\\\0]/.test(name), 'expected a file name');

export const StoredUploadField = z.strictObject({
  _id: EntityIdField,
  name: FileNameField,
  size: z.number().int().min(1),
  type: z.string().min(1).max(255),
  /** `<storage type>:Uploads`. */
  store: z.string().regex(/^(GridFS|FileSystem|AmazonS3):Uploads$/),
  identify: z
    .strictObject({
      format: z.string().max(32).optional(),
      size: z.strictObject({ width: z.number().int().positive(), height: z.number().int().positive() }).optional(),
    })
    .optional(),
  /** A thumbnail's original (registered after it). */
  originalFileId: EntityIdField.optional(),
});
export type StoredUpload = z.infer<typeof StoredUploadField>;

/**
 * The metadata of bodies the gateway has stored completely (an image and its thumbnail together).
 * `temporary`: awaiting `rooms.mediaConfirm` (expires in 24 hours, as Rocket.Chat's `expiresAt`).
 */
export const uploadsRegister = defineRpc({
  subject: 'uploads.register',
  request: z.strictObject({
    actor: ActorField,
    rid: EntityIdField,
    uploads: z.array(StoredUploadField).min(1).max(2),
    temporary: z.boolean(),
  }),
  response: as<IUpload[]>(),
});

/** The message fields a client may send with a file (`rooms.mediaConfirm`'s body, `rooms.upload`'s form fields). */
export const FileMessageFields = {
  msg: z.string().max(1_000_000).optional(),
  description: z.string().max(1_000_000).optional(),
  tmid: EntityIdField.optional(),
  alias: z.string().max(256).optional(),
  emoji: z.string().max(128).optional(),
  avatar: z.string().max(2048).optional(),
  groupable: z.boolean().optional(),
  /** JSON text, as Rocket.Chat's form field. */
  customFields: z.string().max(100_000).optional(),
};

/** `rooms.mediaConfirm/:rid/:fileId` (DDP `sendFileMessage`): the message that shows an upload of the caller in that room. */
export const uploadsConfirm = defineRpc({
  subject: 'uploads.confirm',
  request: z.strictObject({ actor: ActorField, rid: EntityIdField, fileId: EntityIdField, ...FileMessageFields }),
  response: as<{ message: IMessage }>(),
})
  .post('rooms.mediaConfirm/:rid/:fileId', {
    request: ({ params, body, actor }) => ({
      actor,
      rid: params.rid,
      fileId: params.fileId,
      msg: body.msg,
      description: body.description,
      tmid: body.tmid,
      alias: body.alias,
      emoji: body.emoji,
      avatar: body.avatar,
      groupable: body.groupable,
      customFields: body.customFields,
    }),
  })
  /** Meteor `sendFileMessage(roomId, store, file, msgData)`: the file's `description`, the message's fields. */
  .method('sendFileMessage', {
    request: ([rid, , file, msgData], { actor }) => {
      const fileProps = (file ?? {}) as Record<string, unknown>;
      const message = (msgData ?? {}) as Record<string, unknown>;
      return {
        actor,
        rid,
        fileId: fileProps._id,
        msg: message.msg,
        description: fileProps.description,
        tmid: message.tmid,
        alias: message.alias,
        emoji: message.emoji,
        avatar: message.avatar,
        groupable: message.groupable,
        // DDP sends an object where the REST form sends JSON text.
        customFields: message.customFields === undefined ? undefined : JSON.stringify(message.customFields),
      };
    },
    reply: ({ message }) => message,
  });

/**
 * `GET /file-upload/:fileId/:name`: the upload and where its body is, for a caller allowed to read it
 * (anyone when `FileUpload_ProtectFiles` is off; else a user who can access the file's room).
 */
export const uploadsForDownload = defineRpc({
  subject: 'uploads.forDownload',
  request: z.strictObject({ userId: EntityIdField.optional(), fileId: EntityIdField }),
  response: as<{ file: IUpload; storage: StorageConfig }>(),
});

/** Takes back the caller's own uploads still awaiting their message (a one-step upload whose message was refused). */
export const uploadsDiscard = defineRpc({
  subject: 'uploads.discard',
  request: z.strictObject({ actor: ActorField, fileIds: z.array(EntityIdField).min(1).max(2) }),
  response: as<{ ok: true }>(),
});

/**
 * Meteor `deleteFileMessage`: deletes the message showing the file (with `deleteMessage`'s permissions), and
 * so the file; an upload no message shows yet is deleted by its uploader.
 */
export const uploadsDeleteFileMessage = defineRpc({
  subject: 'uploads.deleteFileMessage',
  request: z.strictObject({ actor: ActorField, fileId: EntityIdField }),
  response: as<{ deleted: boolean }>(),
}).method('deleteFileMessage', { request: ([fileId], { actor }) => ({ actor, fileId }), reply: ({ deleted }) => deleted });
