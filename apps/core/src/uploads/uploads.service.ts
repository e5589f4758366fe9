import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  MessageCustomFieldsField,
  type Actor,
  type IMessage,
  type IUpload,
  type ListedFile,
  type Page,
  type OutgoingMessage,
  type RpcParsedRequest,
  type StorageConfig,
  type StoredUpload,
  type UploadTicket,
  type uploadsConfirm,
} from '@rc/contracts';
import { MessagesRepository, randomId, RoomsRepository, UploadsRepository, UsersRepository } from '@rc/models';
import { createHash } from 'node:crypto';
import { AccessService } from '../common/access.service.js';
import { RoomResolver, type RoomSelector } from '../common/room-resolver.service.js';
import { EditMessageService } from '../messaging/edit-message.service.js';
import { SendMessageService } from '../messaging/send-message.service.js';
import { FileRemover } from './file-remover.service.js';
import { ImagePreviews } from './image-previews.service.js';
import { PageSize, SettingsCache } from '@rc/settings';
import { fileExtension, fileMessageParts, fileUrl } from './file-attachments.js';
import { storageConfig } from './storage-settings.js';

/** How long an upload waits for its message (`rooms.media` → `rooms.mediaConfirm`), as Rocket.Chat. */
const TEMPORARY_HOURS = 24;

const forbidden = () => new DomainError(ErrorCode.Unauthorized, 'unauthorized');

/**
 * Rocket.Chat's Upload service, less the bodies (the gateway streams those into the file storage): who may
 * upload where under which rules, the metadata in `rocketchat_uploads`, the message showing a file, and who
 * may read one.
 */
@Injectable()
export class UploadsService {
  constructor(
    private readonly pageSize: PageSize,
    private readonly uploads: UploadsRepository,
    private readonly rooms: RoomsRepository,
    private readonly settings: SettingsCache,
    private readonly access: AccessService,
    private readonly sender: SendMessageService,
    private readonly resolver: RoomResolver,
    private readonly users: UsersRepository,
    private readonly messages: MessagesRepository,
    private readonly editor: EditMessageService,
    private readonly remover: FileRemover,
    private readonly previews: ImagePreviews,
  ) {}

  async start(actor: Actor | undefined, rid: string): Promise<UploadTicket> {
    if (actor) await this.assertCanUpload(actor, rid);
    return {
      fileId: randomId(),
      maxFileSize: this.settings.get<number>('FileUpload_MaxFileSize'),
      whiteList: this.settings.get<string>('FileUpload_MediaTypeWhiteList'),
      blackList: this.settings.get<string>('FileUpload_MediaTypeBlackList'),
      storage: storageConfig(this.settings),
      maxMessageSize: this.settings.get<number>('Message_MaxAllowedSize'),
      ...(this.settings.get<boolean>('Message_Attachments_Thumbnails_Enabled') && {
        thumbnail: {
          fileId: randomId(),
          width: this.settings.get<number>('Message_Attachments_Thumbnails_Width'),
          height: this.settings.get<number>('Message_Attachments_Thumbnails_Height'),
        },
      }),
      rotateImages: this.settings.get<boolean>('FileUpload_RotateImages'),
      stripExif: this.settings.get<boolean>('Message_Attachments_Strip_Exif'),
    };
  }

  /** `livechat/upload/:rid`: a visitor may upload to their open livechat room (its `v.token`) while both settings allow. */
  async startForVisitor(rid: string, visitorToken: string): Promise<UploadTicket> {
    await this.visitorRoom(rid, visitorToken);
    return this.start(undefined, rid);
  }

  /** A visitor's stored bodies: the metadata (uploaded by the visitor), and the parts of the message that shows them. */
  async registerForVisitor(rid: string, visitorToken: string, stored: StoredUpload[], description: string | undefined) {
    const room = await this.visitorRoom(rid, visitorToken);
    const documents = this.uploadDocuments(room.v._id, rid, stored, false).map((d) => ({ ...d, visitorToken }));
    await this.uploads.insertMany(documents);
    const upload = documents.find((d) => !d.originalFileId)!;
    const thumbnail = documents.find((d) => d.originalFileId);
    const preview = upload.typeGroup === 'image' ? await this.previews.of(upload, thumbnail) : undefined;
    const parts = fileMessageParts({ ...upload, ...(description !== undefined && { description }) }, thumbnail, preview);
    return { uploads: documents, ...parts };
  }

  private async visitorRoom(rid: string, visitorToken: string) {
    if (!this.settings.get<boolean>('FileUpload_Enabled') || !this.settings.get<boolean>('Livechat_fileupload_enabled')) {
      throw new DomainError(ErrorCode.FileUploadDisabled, 'File upload is disabled');
    }
    const room = await this.rooms.findLivechatById(rid);
    if (!room || !room.open || room.v?.token !== visitorToken)
      throw new DomainError(ErrorCode.NotLoggedIn, 'You must be logged in to do this.');
    return room;
  }

  /** Metadata of bodies already stored completely; checked again, since the upload took its time. */
  async register(actor: Actor, rid: string, stored: StoredUpload[], temporary: boolean): Promise<IUpload[]> {
    await this.assertCanUpload(actor, rid);
    const documents = this.uploadDocuments(actor.userId, rid, stored, temporary);
    await this.uploads.insertMany(documents);
    return documents;
  }

  private uploadDocuments(userId: string, rid: string, stored: StoredUpload[], temporary: boolean): IUpload[] {
    const now = new Date();
    return stored.map((upload): IUpload => ({
      ...upload,
      rid,
      userId,
      typeGroup: upload.originalFileId ? 'thumb' : upload.type.split('/')[0],
      extension: fileExtension(upload.name),
      complete: true,
      uploading: false,
      progress: 1,
      etag: createHash('sha1').update(`${upload._id}:${upload.size}`).digest('hex').slice(0, 16),
      path: fileUrl(upload),
      url: fileUrl(upload),
      uploadedAt: now,
      _updatedAt: now,
      ...(temporary && { expiresAt: new Date(now.getTime() + TEMPORARY_HOURS * 3_600_000) }),
    }));
  }

  /** The message with the file, as Rocket.Chat's `sendFileMessage`; the upload stops being temporary. */
  async confirm({
    actor,
    rid,
    fileId,
    description,
    customFields,
    ...msgData
  }: RpcParsedRequest<typeof uploadsConfirm>): Promise<{ message: IMessage }> {
    if (!(await this.access.canAccessRoom(actor.userId, rid))) throw forbidden();
    const upload = await this.uploads.findOneByIdAndUserIdAndRoomId(fileId, actor.userId, rid);
    // Rocket.Chat's bare `Meteor.Error('invalid-file')` / `('error-message-size-exceeded')`: `[id]` over REST.
    if (!upload || upload.originalFileId) throw new DomainError(ErrorCode.InvalidFileId, '');
    if ((description?.length ?? 0) > this.settings.get<number>('Message_MaxAllowedSize')) {
      throw new DomainError(ErrorCode.MessageSizeExceeded, '');
    }
    const [thumbnail] = await this.uploads.findByOriginal(upload._id);
    const preview = upload.typeGroup === 'image' ? await this.previews.of(upload, thumbnail) : undefined;
    const { files, attachments } = fileMessageParts({ ...upload, ...(description !== undefined && { description }) }, thumbnail, preview);
    const message = await this.sender.send(
      actor,
      {
        rid,
        msg: msgData.msg ?? '',
        groupable: msgData.groupable ?? false,
        attachments: attachments as OutgoingMessage['attachments'],
        ...(msgData.tmid && { tmid: msgData.tmid }),
        ...(msgData.alias && { alias: msgData.alias }),
        ...(msgData.emoji && { emoji: msgData.emoji }),
        ...(msgData.avatar && { avatar: msgData.avatar }),
        ...(customFields && { customFields: parseCustomFields(customFields) }),
      },
      undefined,
      { file: files[0], files },
    );
    await this.uploads.confirm(upload._id, description);
    return { message };
  }

  async discard(actor: Actor, fileIds: string[]): Promise<{ ok: true }> {
    await this.uploads.deleteTemporary(actor.userId, fileIds);
    return { ok: true };
  }

  async deleteFileMessage(actor: Actor, fileId: string): Promise<{ deleted: boolean }> {
    const message = await this.messages.findOneByFileId(fileId);
    if (message) {
      await this.editor.delete(actor, message._id, message.rid, false);
      return { deleted: true };
    }
    const upload = await this.uploads.findById(fileId);
    if (!upload || upload.userId !== actor.userId) throw new DomainError(ErrorCode.ActionNotAllowed, 'Not allowed');
    await this.remover.remove([fileId]);
    return { deleted: true };
  }

  /** `channels.files` & co.: a room the caller may read, its posted files with their uploaders. */
  async list(
    actor: Actor,
    selector: RoomSelector,
    filter: { name?: string; typeGroup?: string; type?: string },
    paging: { offset: number; count?: number; sort?: Record<string, 1 | -1>; fields?: Record<string, 0 | 1> },
  ): Promise<Page<ListedFile>> {
    for (const field of Object.keys(paging.sort ?? {})) {
      if (!SORTABLE_FILE_FIELDS.has(field)) {
        throw new DomainError(ErrorCode.InvalidSort, `Invalid sort parameter provided: ${JSON.stringify(paging.sort)}`);
      }
    }
    const room = await this.resolver.resolve(actor.userId, selector);
    if (!(await this.access.canAccessRoom(actor.userId, room._id))) throw new DomainError(ErrorCode.NotAllowed, 'Not Allowed');
    return this.page(room._id, filter, paging);
  }

  /** `rooms.images`: a room's images, newest first, from `startingFromId` on when given. */
  async images(actor: Actor, roomId: string, startingFromId: string | undefined, paging: { offset: number; count?: number }) {
    if (!(await this.access.canAccessRoom(actor.userId, roomId))) throw forbidden();
    const from = startingFromId ? await this.uploads.findById(startingFromId) : undefined;
    return this.page(roomId, { typeGroup: 'image', ...(from && { uploadedBefore: from.uploadedAt }) }, paging);
  }

  private async page(
    rid: string,
    filter: { name?: string; typeGroup?: string; type?: string; uploadedBefore?: Date },
    paging: { offset: number; count?: number; sort?: Record<string, 1 | -1>; fields?: Record<string, 0 | 1> },
  ): Promise<Page<ListedFile>> {
    const { items: found, total } = await this.uploads.findPosted(rid, filter, {
      skip: paging.offset,
      limit: this.pageSize.count(paging.count),
      sort: paging.sort,
    });
    const users = await this.users.findRoomUsersByIds([...new Set(found.map((file) => file.userId))]);
    const byId = new Map(users.map((user) => [user._id, { _id: user._id, username: user.username, name: user.name }]));
    const files = found.map((file) => ({
      ...(paging.fields ? project(file, paging.fields) : file),
      ...(byId.has(file.userId) && { user: byId.get(file.userId) }),
    }));
    return { items: files, count: files.length, offset: paging.offset, total };
  }

  /** The upload and its storage, for a reader allowed to see it. */
  async forDownload(userId: string | undefined, fileId: string): Promise<{ file: IUpload; storage: StorageConfig }> {
    const file = await this.uploads.findById(fileId);
    if (!file) throw new DomainError(ErrorCode.NotFound, 'File not found');
    if (this.settings.get<boolean>('FileUpload_ProtectFiles')) {
      if (!userId) throw new DomainError(ErrorCode.NotLoggedIn, 'You must be logged in to do this.');
      if (!(await this.access.canAccessRoom(userId, file.rid))) throw forbidden();
    }
    const type = file.store.split(':')[0] as StorageConfig['type'];
    return { file, storage: storageConfig(this.settings, type) };
  }

  private async assertCanUpload(actor: Actor, rid: string): Promise<void> {
    if (!this.settings.get<boolean>('FileUpload_Enabled')) {
      throw new DomainError(ErrorCode.FileUploadDisabled, 'File upload is disabled');
    }
    const room = await this.rooms.findById(rid);
    if (!room || !(await this.access.canAccessRoom(actor.userId, rid))) throw forbidden();
  }
}

/** The fields a file list may be sorted by (Rocket.Chat sorts by any; these are the ones a file has). */
const SORTABLE_FILE_FIELDS = new Set(['_id', 'name', 'size', 'type', 'typeGroup', 'extension', 'uploadedAt', 'userId', 'description']);

/**
 * Rocket.Chat's `fields` on a listed file: with any 1, only those fields (and `_id`); else all but the 0s. The
 * uploader (`user`) is added after it, as Rocket.Chat's `addUserObjectToEveryObject`.
 */
function project(file: IUpload, fields: Record<string, 0 | 1>): IUpload {
  const entries = Object.entries(fields);
  const include = entries.some(([, value]) => value === 1);
  const listed = new Set(entries.filter(([, value]) => value === (include ? 1 : 0)).map(([key]) => key.split('.')[0]));
  const kept = Object.entries(file).filter(([key]) => key === '_id' || (include ? listed.has(key) : !listed.has(key)));
  return Object.fromEntries(kept) as unknown as IUpload;
}

function parseCustomFields(text: string): OutgoingMessage['customFields'] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // refused below
  }
  const fields = MessageCustomFieldsField.safeParse(parsed);
  if (!fields.success) throw new DomainError(ErrorCode.InvalidParams, 'customFields must be a JSON object');
  return fields.data;
}
