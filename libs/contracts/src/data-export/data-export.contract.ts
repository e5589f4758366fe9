import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { date, list } from '../core/wire-params.js';
import { ActorField, EntityIdField } from '../rooms/common-fields.js';
import { UsernameField } from '../accounts/user-fields.js';
import type { StorageConfig } from '../typings/upload.js';

/** Rocket.Chat's export operation statuses, in the order an operation goes through them (`skipped`: abandoned). */
export type ExportOperationStatus =
  'preparing' | 'pending' | 'exporting-rooms' | 'exporting' | 'downloading' | 'compressing' | 'uploading' | 'completed' | 'skipped';

/** One room of an export, as Rocket.Chat's `roomList` entry. */
export interface ExportRoomData {
  roomId: string;
  roomName: string;
  /** The other member of a DM. */
  userId?: string;
  exportedCount: number;
  status: 'pending' | 'exporting' | 'completed';
  type: string;
  targetFile: string;
}

/** What an export keeps of its user (Rocket.Chat keeps the whole document; here no credentials). */
export interface ExportUserData {
  _id: string;
  username?: string;
  name?: string;
  statusText?: string;
  emails?: Array<{ address: string; verified?: boolean }>;
  roles?: string[];
  /** The login services' names only. */
  services?: string[];
}

/** Rocket.Chat's `rocketchat_export_operations` document (`IExportOperation`). */
export interface IExportOperation {
  _id: string;
  userId: string;
  fullExport: boolean;
  status: ExportOperationStatus;
  userData: ExportUserData;
  roomList?: ExportRoomData[];
  /** The zip's `rocketchat_user_data_files` id, once uploaded. */
  fileId?: string;
  createdAt: Date;
  _updatedAt: Date;
}

/** Rocket.Chat's `rocketchat_user_data_files` document: a finished export's zip, kept in the file storage. */
export interface IUserDataFile {
  _id: string;
  userId: string;
  name: string;
  size: number;
  type: string;
  /** `<storage type>:UserDataFiles`. */
  store: string;
  complete: boolean;
  uploadedAt: Date;
  _updatedAt: Date;
}

export interface DataDownloadRequestResult {
  requested: boolean;
  exportOperation: IExportOperation;
  /** `/data-export/<fileId>` of a completed export of the last day. */
  url: string | null;
  pendingOperationsBeforeMyRequest: number;
}

/**
 * Rocket.Chat's `users.requestDataDownload` (`GET`, `fullExport=true` for the JSON export) and DDP
 * `requestDataDownload({fullExport})`: an export of the caller's data is queued (`requested: true`) unless one of
 * the same kind was asked for in the last 24 hours, which is answered instead (`requested: false`). Core's
 * export job turns it into a zip and e-mails the link.
 */
export const usersRequestDataDownload = defineRpc({
  subject: 'core.dataExport.request',
  request: z.strictObject({ actor: ActorField, fullExport: z.boolean() }),
  response: as<DataDownloadRequestResult>(),
})
  .get('users.requestDataDownload', {
    // Rocket.Chat reads the query's `fullExport === 'true'` only.
    request: ({ actor, query }) => ({ actor, fullExport: query.fullExport === 'true' }),
    reply: ({ requested, exportOperation }) => ({ requested, exportOperation }),
  })
  .method('requestDataDownload', {
    request: ([params], { actor }) => ({
      actor,
      fullExport: typeof params === 'object' && params !== null && (params as { fullExport?: unknown }).fullExport === true,
    }),
  });

/** What `/data-export/:fileId` may serve: refused (the feature off, no such file, not the owner) or the zip. */
export type DataExportFileAnswer =
  | { status: 'disabled' | 'not-found' | 'forbidden' }
  | { status: 'ok'; file: Pick<IUserDataFile, '_id' | 'name' | 'size' | 'type' | 'uploadedAt'>; storage: StorageConfig };

/** May `userId` (none: no credentials) download the export zip `fileId`? (`UserData_EnableDownload`, its owner only.) */
export const dataExportFileForDownload = defineRpc({
  subject: 'core.dataExport.file',
  request: z.strictObject({ userId: EntityIdField.optional(), fileId: z.string().min(1).max(64) }),
  response: as<DataExportFileAnswer>(),
});

/**
 * `rooms.export` (the room menu's Export messages; `mail-messages` in the room, the administrators' by default):
 * `type: 'file'` exports the room's messages from `dateFrom` to the end of `dateTo`'s day (both optional) as a zip
 * (`format`: `html` or `json`), e-mailed to the caller as a download link once made, as the user data download is;
 * `type: 'email'` mails the `messages` chosen (ids) to `toUsers` (usernames: their first address) and `toEmails`,
 * answering the usernames without an address (`missing`).
 */
export const roomsExport = defineRpc({
  subject: 'core.dataExport.room',
  request: z.strictObject({
    actor: ActorField,
    rid: EntityIdField.optional(),
    type: z.string().max(16).optional(),
    format: z.string().max(16).optional(),
    dateFrom: z.date().optional(),
    dateTo: z.date().optional(),
    toUsers: z.array(UsernameField).max(500).default([]),
    toEmails: z.array(z.string().max(320)).max(500).default([]),
    subject: z.string().max(1_000).default(''),
    messages: z.array(EntityIdField).max(1_000).optional(),
  }),
  response: as<{ missing?: string[] }>(),
}).post('rooms.export', {
  request: ({ body, actor }) => ({
    actor,
    rid: body.rid,
    type: body.type,
    format: body.format,
    dateFrom: body.dateFrom ? date(body.dateFrom) : undefined,
    dateTo: body.dateTo ? date(body.dateTo) : undefined,
    toUsers: list(body.toUsers),
    toEmails: list(body.toEmails),
    subject: body.subject,
    messages: list(body.messages),
  }),
});
