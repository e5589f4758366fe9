import { Readable } from 'node:stream';
import type { IUpload as AppUpload } from '@rocket.chat/apps-engine/definition/uploads/IUpload.js';
import type { IUploadDetails } from '@rocket.chat/apps-engine/definition/uploads/IUploadDetails.js';
import { UploadBridge } from '@rocket.chat/apps-engine/server/bridges/UploadBridge.js';
import {
  livechatSendFileMessage,
  uploadsConfirm,
  uploadsDiscard,
  uploadsForDownload,
  uploadsRegister,
  uploadsRegisterForVisitor,
  uploadsStart,
  uploadsStartForVisitor,
  type StoredUpload,
  type UploadTicket,
} from '@rc/contracts';
import { isAcceptedMediaType } from '@rc/file-storage';
import { fileTypeFromBuffer } from 'file-type';
import mime from 'mime-types';
import type { BridgeDeps } from './bridges.js';
import { toAppRoom, toAppUser } from './converters.js';

/**
 * Uploads: an upload's record and its body (read from the storage its `store` names), and an app's file written
 * into a room (`modify.getCreator().getUploadCreator().uploadBuffer`) as the gateway writes a user's: the room's
 * upload rules (`uploads.start`: access, `FileUpload_*` size and type), the body into the file storage, the
 * record (`uploads.register`), then the message that shows it — the user's (`uploads.confirm`) or the
 * visitor's in a livechat room (`omnichannel.message.file`).
 */
export abstract class OurUploadBridge extends UploadBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }

  protected async getById(id: string): Promise<AppUpload> {
    const upload = await this.deps.uploads.findById(id);
    if (!upload) return undefined as unknown as AppUpload;
    const [room, user] = await Promise.all([this.deps.rooms.findById(upload.rid), this.deps.users.findById(upload.userId)]);
    return {
      id: upload._id,
      name: upload.name,
      size: String(upload.size),
      type: upload.type,
      extension: upload.extension ?? '',
      etag: upload.etag,
      path: upload.path,
      token: '',
      url: upload.url,
      progress: 1,
      uploading: false,
      complete: upload.complete !== false,
      updatedAt: upload._updatedAt,
      uploadedAt: upload.uploadedAt,
      store: upload.store as AppUpload['store'],
      ...(room && { room: toAppRoom(room) }),
      ...(user && { user: toAppUser(user) }),
    } as AppUpload;
  }

  /** The body, read as its uploader may (core answers where it is stored). */
  protected async getBuffer(upload: AppUpload): Promise<Buffer> {
    const stored = await this.deps.uploads.findById(upload.id);
    if (!stored) throw new Error(`No upload ${upload.id}`);
    const { storage } = await this.deps.rpc.request(uploadsForDownload, { userId: stored.userId, fileId: stored._id });
    const body = await (await this.deps.storage.driverFor(storage)).read(stored._id);
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  protected async createUpload(details: IUploadDetails, buffer: Buffer): Promise<AppUpload> {
    if (!details.userId && !details.visitorToken) throw new Error('Missing user to perform the upload operation');
    const body = Buffer.from(buffer);
    // As Rocket.Chat's `determineFileType`: the content's signature, else the name's extension.
    const type = (await fileTypeFromBuffer(body))?.mime ?? (mime.lookup(details.name) || 'application/octet-stream');
    const rid = details.rid;
    let fileId: string;
    if (details.visitorToken) {
      const visitorToken = details.visitorToken;
      const ticket = await this.deps.rpc.request(uploadsStartForVisitor, { rid, visitorToken });
      fileId = await this.store(ticket, details.name, type, body, async (stored) => {
        const parts = await this.deps.rpc.request(uploadsRegisterForVisitor, { rid, visitorToken, uploads: [stored] });
        await this.deps.rpc.request(livechatSendFileMessage, {
          token: visitorToken,
          rid,
          files: parts.files,
          attachments: parts.attachments,
        });
      });
    } else {
      const user = await this.deps.users.findById(details.userId);
      if (!user?.username) throw new Error(`No user ${details.userId} to upload as`);
      const actor = { userId: user._id, username: user.username };
      const ticket = await this.deps.rpc.request(uploadsStart, { actor, rid });
      fileId = await this.store(ticket, details.name, type, body, async (stored) => {
        await this.deps.rpc.request(uploadsRegister, { actor, rid, uploads: [stored], temporary: true });
        try {
          await this.deps.rpc.request(uploadsConfirm, { actor, rid, fileId: stored._id });
        } catch (error) {
          await this.deps.rpc.request(uploadsDiscard, { actor, fileIds: [stored._id] }).catch(() => undefined);
          throw error;
        }
      });
    }
    return this.getById(fileId);
  }

  /** The body checked against the room's rules and stored, then `register` (whatever fails removes the body). */
  private async store(
    ticket: UploadTicket,
    name: string,
    type: string,
    body: Buffer,
    register: (stored: StoredUpload) => Promise<void>,
  ): Promise<string> {
    if (ticket.maxFileSize >= 0 && body.length > ticket.maxFileSize) {
      throw new Error(`File exceeds allowed size of ${ticket.maxFileSize} bytes`);
    }
    if (!isAcceptedMediaType(type, ticket.whiteList, ticket.blackList)) throw new Error(`File type ${type} is not accepted`);
    if (body.length === 0) throw new Error('The file is empty');
    const driver = await this.deps.storage.driverFor(ticket.storage);
    await driver.write(ticket.fileId, Readable.from([body]), { contentType: type });
    try {
      await register({ _id: ticket.fileId, name, size: body.length, type, store: `${driver.kind}:Uploads` });
    } catch (error) {
      await driver.delete(ticket.fileId).catch(() => undefined);
      throw error;
    }
    return ticket.fileId;
  }
}
