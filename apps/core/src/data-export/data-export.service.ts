import { Injectable, Logger } from '@nestjs/common';
import type {
  DataDownloadRequestResult,
  DataExportFileAnswer,
  ExportRoomData,
  ExportUserData,
  IExportOperation,
  IMessage,
  IRoom,
  IUser,
  RpcParsedRequest,
  StorageConfig,
  dataExportFileForDownload,
  usersRequestDataDownload,
} from '@rc/contracts';
import { DomainError, ErrorCode } from '@rc/contracts';
import { StoredBodyMissing, storageTypeOf } from '@rc/file-storage';
import { Mailer, renderEmail } from '@rc/mailer';
import {
  ExportOperationsRepository,
  MessagesRepository,
  RoomsRepository,
  SubscriptionsRepository,
  UploadsRepository,
  UserDataFilesRepository,
  UsersRepository,
  randomId,
} from '@rc/models';
import { SettingsCache } from '@rc/settings';
import { ZipArchive } from 'archiver';
import { Readable } from 'node:stream';
import { CoreStorage } from '../common/core-storage.js';
import { storageConfig } from '../uploads/storage-settings.js';
import {
  HTML_ROOM_HEAD,
  UserNameTable,
  assetName,
  channelsFile,
  exportMessage,
  roomData,
  userFile,
  zipName,
  type ExportType,
} from './export-format.js';

/** Rocket.Chat's GridFS bucket of the `UserDataFiles` store. */
export const GRIDFS_USER_DATA_BUCKET = 'rocketchat_userDataFiles';
export const DAY_MS = 24 * 60 * 60 * 1000;
/** Rocket.Chat's English e-mail (`UserDataDownload_EmailSubject` / `_EmailBody`). */
const EMAIL_SUBJECT = 'Your Data File is Ready to Download';
const EMAIL_BODY = 'Your data file is now ready to download. Click <a href="__download_link__">here</a> to download it.';
/** Rocket.Chat's `Channel_Export`, the subject of `rooms.export`'s e-mail (with the same body). */
const ROOM_EXPORT_SUBJECT = 'Channel Export';

type PostedFile = NonNullable<IMessage['file']>;

/** Where export zips live: the storage of `FileUpload_Storage_Type` (a zip's own `store` when read). */
export function userDataStorage(settings: SettingsCache, store?: string): StorageConfig {
  const config = storageConfig(settings, storageTypeOf(store));
  return config.type === 'GridFS' ? { ...config, bucket: GRIDFS_USER_DATA_BUCKET } : config;
}

/** The export's page size: `UserData_MessageLimitPerRequest`, 1000 when not positive (Rocket.Chat's rule). */
export const messageLimit = (value: number | undefined) => (typeof value === 'number' && value > 0 ? value : 1000);

/**
 * Rocket.Chat's user data download: `users.requestDataDownload` queues an export operation
 * (`rocketchat_export_operations`); the export job (`DataExportJob`) works the oldest unfinished one into a zip —
 * the user's file, each of their rooms' messages (HTML, or JSON lines for the full export, other users named
 * `User_<n>`), the files posted there under `assets/` — stored through the file storage, recorded in
 * `rocketchat_user_data_files` and e-mailed as a `/data-export/<id>` link that only its owner may open.
 */
@Injectable()
export class DataExportService {
  private readonly logger = new Logger(DataExportService.name);

  constructor(
    private readonly settings: SettingsCache,
    private readonly operations: ExportOperationsRepository,
    private readonly files: UserDataFilesRepository,
    private readonly users: UsersRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly rooms: RoomsRepository,
    private readonly messages: MessagesRepository,
    private readonly uploads: UploadsRepository,
    private readonly storage: CoreStorage,
    private readonly mailer: Mailer,
  ) {}

  /** A new export, unless one of the same kind was asked for in the last 24 hours (answered instead). */
  async request({ actor, fullExport }: RpcParsedRequest<typeof usersRequestDataDownload>): Promise<DataDownloadRequestResult> {
    const user = await this.users.findById(actor.userId);
    if (!user) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    const last = await this.operations.findLastOperationByUser(user._id, fullExport);
    const pendingOperationsBeforeMyRequest = await this.operations.countPendingBefore(last ? last.createdAt : new Date());
    if (last && last.createdAt.getTime() > Date.now() - DAY_MS) {
      let url: string | null = null;
      if (last.status === 'completed') {
        const file = last.fileId ? await this.files.findById(last.fileId) : await this.files.findLastByUser(user._id);
        if (file) url = `/data-export/${file._id}`;
      }
      return { requested: false, exportOperation: last, url, pendingOperationsBeforeMyRequest };
    }
    const now = new Date();
    const exportOperation = await this.operations.insert({
      _id: randomId(),
      userId: user._id,
      fullExport,
      status: 'pending',
      userData: exportUserData(user),
      createdAt: now,
    });
    return { requested: true, exportOperation, url: null, pendingOperationsBeforeMyRequest };
  }

  /** What `/data-export/:fileId` may serve to `userId`, in Rocket.Chat's order: the feature, the file, its owner. */
  async fileForDownload({ userId, fileId }: RpcParsedRequest<typeof dataExportFileForDownload>): Promise<DataExportFileAnswer> {
    if (this.settings.get<boolean>('UserData_EnableDownload') === false) return { status: 'disabled' };
    const file = await this.files.findById(fileId);
    if (!file) return { status: 'not-found' };
    if (!userId || userId !== file.userId) return { status: 'forbidden' };
    const { _id, name, size, type, uploadedAt } = file;
    return { status: 'ok', file: { _id, name, size, type, uploadedAt }, storage: userDataStorage(this.settings, file.store) };
  }

  /**
   * Works the oldest unfinished operation (one per run, as Rocket.Chat's `processDataDownloads`): one started
   * but untouched for over a day is `skipped` and the next one taken. Answers the operation as it was left.
   */
  async processNext(now = new Date()): Promise<IExportOperation | undefined> {
    for (;;) {
      const operation = await this.operations.findOnePending();
      if (!operation) return undefined;
      if (operation.status !== 'pending' && now.getTime() - operation._updatedAt.getTime() > DAY_MS) {
        await this.operations.update(operation._id, { status: 'skipped' });
        continue;
      }
      return this.export(operation);
    }
  }

  private async export(operation: IExportOperation): Promise<IExportOperation> {
    const type: ExportType = operation.fullExport ? 'json' : 'html';
    const set = async (fields: Partial<IExportOperation>) => {
      Object.assign(operation, fields);
      await this.operations.update(operation._id, fields);
    };
    const roomList: ExportRoomData[] = [];
    for (const subscription of await this.subscriptions.findByUser(operation.userId)) {
      const room = await this.rooms.findById(subscription.rid);
      if (room) roomList.push(roomData(room, type, operation.userId));
    }
    await set({ roomList, status: operation.fullExport ? 'exporting-rooms' : 'exporting' });

    let fileId: string;
    try {
      fileId = await this.storeZip(operation.userId, type, async (archive) => {
        const user = userFile(type, operation.userData);
        archive.append(user.content, { name: user.name });
        if (type === 'json') archive.append(channelsFile(roomList), { name: 'channels.json' });
        await set({ status: 'exporting' });
        const names = new UserNameTable(operation.userData.username);
        const posted: PostedFile[] = [];
        for (const room of roomList) await this.appendRoom(archive, room, type, names, posted);
        await set({ roomList, status: 'downloading' });
        await this.appendAssets(archive, posted);
        await set({ status: 'compressing' });
      });
    } catch (error) {
      this.logger.warn(`export ${operation._id} failed at ${operation.status}: ${(error as Error).message}`);
      return operation;
    }
    await set({ status: 'completed', fileId });
    await this.sendLink(operation.userData.emails?.[0]?.address, fileId, EMAIL_SUBJECT, `export ${operation._id}`);
    return operation;
  }

  /**
   * `rooms.export`'s file (Rocket.Chat's `dataExport.sendFile`): the room's messages posted within `period` and their
   * files, zipped, stored as the user's data file and e-mailed to them as a download link ("Channel Export").
   */
  async exportRoom(room: IRoom, user: IUser, type: ExportType, period: { from?: Date; to?: Date }): Promise<string> {
    const data = roomData(room, type, user._id);
    const fileId = await this.storeZip(user._id, type, async (archive) => {
      const posted: PostedFile[] = [];
      await this.appendRoom(archive, data, type, new UserNameTable(user.username), posted, period);
      await this.appendAssets(archive, posted);
    });
    await this.sendLink(user.emails?.[0]?.address, fileId, ROOM_EXPORT_SUBJECT, `room export of ${room._id}`);
    return fileId;
  }

  /**
   * A zip written through the storage of `FileUpload_Storage_Type` while `fill` appends its entries, then recorded
   * as the user's data file; a failure deletes what was written and is thrown.
   */
  private async storeZip(userId: string, type: ExportType, fill: (archive: ZipArchive) => Promise<void>): Promise<string> {
    const fileId = randomId();
    const storage = userDataStorage(this.settings);
    const driver = await this.storage.driverFor(storage);
    const archive = new ZipArchive({ zlib: { level: 6 } });
    const stored = driver.write(fileId, archive, { contentType: 'application/zip' });
    // A failed write ends the archive too; its error is the write's.
    stored.catch(() => archive.abort());
    try {
      await fill(archive);
      await archive.finalize();
      const size = await stored;
      const owner = await this.users.findById(userId);
      await this.files.insert({
        _id: fileId,
        userId,
        name: zipName(new Date(), owner?.name || owner?.username || userId, type),
        size,
        type: 'application/zip',
        store: `${storage.type}:UserDataFiles`,
        complete: true,
        uploadedAt: new Date(),
      });
      return fileId;
    } catch (error) {
      archive.abort();
      await stored.catch(() => undefined);
      await driver.delete(fileId).catch(() => undefined);
      throw error;
    }
  }

  /** One room's messages (those posted within `period`) as its export file; the files they posted go to `posted`. */
  private async appendRoom(
    archive: ZipArchive,
    room: ExportRoomData,
    type: ExportType,
    names: UserNameTable,
    posted: PostedFile[],
    period?: { from?: Date; to?: Date },
  ): Promise<void> {
    const lines: string[] = type === 'html' ? [HTML_ROOM_HEAD] : [];
    const limit = messageLimit(this.settings.get<number>('UserData_MessageLimitPerRequest'));
    for (let skip = 0; ; skip += limit) {
      const page = await this.messages.findExportPage(room.roomId, skip, limit, period);
      for (const message of page) {
        if (message.file) posted.push(message.file);
        lines.push(exportMessage(type, message, names));
      }
      room.exportedCount += page.length;
      if (page.length < limit) break;
    }
    room.status = 'completed';
    archive.append(`${lines.join('\n')}\n`, { name: room.targetFile });
  }

  /** The posted files' bodies under `assets/` (one that is gone is left out). */
  private async appendAssets(archive: ZipArchive, posted: PostedFile[]): Promise<void> {
    for (const file of posted) {
      const body = await this.uploadBody(file._id);
      if (body) archive.append(body, { name: `assets/${assetName(file)}` });
    }
  }

  /** A posted file's body, or nothing when it is gone (an export never fails for a missing file). */
  private async uploadBody(fileId: string): Promise<Readable | undefined> {
    const upload = await this.uploads.findById(fileId);
    if (!upload) return undefined;
    try {
      return await (await this.storage.driverFor(storageConfig(this.settings, storageTypeOf(upload.store)))).read(upload._id);
    } catch (error) {
      if (error instanceof StoredBodyMissing) return undefined;
      throw error;
    }
  }

  /** Rocket.Chat's e-mail with the download link, to the user's first address; a failure is logged, never thrown. */
  private async sendLink(to: string | undefined, fileId: string, subject: string, what: string): Promise<void> {
    if (!to) return;
    try {
      const email = renderEmail(this.mailer.frame(), subject, EMAIL_BODY, {
        download_link: this.mailer.siteLink(`data-export/${fileId}`),
      });
      await this.mailer.send({ to, kind: 'data-export', ...email });
    } catch (error) {
      this.logger.warn(`${what}: the e-mail was not sent: ${(error as Error).message}`);
    }
  }
}

/** What an export keeps of its user: no credentials, the login services by name. */
function exportUserData(user: IUser): ExportUserData {
  return {
    _id: user._id,
    username: user.username,
    name: user.name,
    statusText: user.statusText,
    emails: user.emails?.map(({ address, verified }) => ({ address, verified })),
    roles: user.roles,
    services: user.services ? Object.keys(user.services) : undefined,
  };
}
