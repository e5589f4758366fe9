import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { EntityIdField } from '../rooms/common-fields.js';
import type { IMessage, MessageAttachment } from '../typings/message.js';
import type { FileProp, IUpload } from '../typings/upload.js';
import { StoredUploadField, type UploadTicket } from '../uploads/uploads.contract.js';
import { VisitorTokenField } from './visitor.contract.js';

/**
 * `POST livechat/upload/:rid` (multipart, `x-visitor-token`): the gateway streams the body into the file storage
 * as for `rooms.upload`; core keeps the upload's metadata (its collection) for the visitor of an open livechat
 * room, omnichannel posts the visitor's file message (its messages).
 */

/** May the visitor of this open livechat room upload now? (`FileUpload_Enabled`, `Livechat_fileupload_enabled`.) */
export const uploadsStartForVisitor = defineRpc({
  subject: 'uploads.startForVisitor',
  request: z.strictObject({ rid: EntityIdField, visitorToken: VisitorTokenField }),
  response: as<UploadTicket>(),
});

/** The metadata of a visitor's stored bodies, and the message parts that show them. */
export const uploadsRegisterForVisitor = defineRpc({
  subject: 'uploads.registerForVisitor',
  request: z.strictObject({
    rid: EntityIdField,
    visitorToken: VisitorTokenField,
    uploads: z.array(StoredUploadField).min(1).max(2),
    description: z.string().max(5000).optional(),
  }),
  response: as<{ uploads: IUpload[]; files: FileProp[]; attachments: MessageAttachment[] }>(),
});

const FilePropField = z.strictObject({
  _id: EntityIdField,
  name: z.string().min(1).max(255),
  type: z.string().max(255),
  size: z.number().int().min(0),
  format: z.string().max(32),
  typeGroup: z.string().max(32).optional(),
});

/** The visitor's message showing their upload (Rocket.Chat's `sendFileLivechatMessage`). */
export const livechatSendFileMessage = defineRpc({
  subject: 'omnichannel.message.file',
  request: z.strictObject({
    token: VisitorTokenField,
    rid: EntityIdField,
    msg: z.string().max(5000).optional(),
    files: z.array(FilePropField).min(1).max(2),
    attachments: z.array(z.record(z.string(), z.unknown())).max(2),
  }),
  response: as<{ message: IMessage }>(),
});
