import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IUpload } from '@rc/contracts';
import type { Model } from 'mongoose';
import { UPLOAD_MODEL } from './upload.schema.js';

/** `rocketchat_uploads`: the metadata of stored bodies, owned by core. */
@Injectable()
export class UploadsRepository {
  constructor(@InjectModel(UPLOAD_MODEL) private readonly uploads: Model<IUpload>) {}

  async insertMany(uploads: IUpload[]): Promise<void> {
    await this.uploads.insertMany(uploads);
  }

  findById(id: string): Promise<IUpload | null> {
    return this.uploads.findById(id).lean<IUpload>().exec();
  }

  /** The caller's own upload in that room (rooms.mediaConfirm). */
  findOneByIdAndUserIdAndRoomId(id: string, userId: string, rid: string): Promise<IUpload | null> {
    return this.uploads.findOne({ _id: id, userId, rid }).lean<IUpload>().exec();
  }

  /** A confirmed upload (and its thumbnail) no longer expires; its description is what the message shows. */
  async confirm(id: string, description: string | undefined): Promise<void> {
    await this.uploads.updateMany({ $or: [{ _id: id }, { originalFileId: id }] }, { $unset: { expiresAt: 1 } });
    if (description !== undefined) await this.uploads.updateOne({ _id: id }, { $set: { description } });
  }

  /** An upload's thumbnails. */
  findByOriginal(originalFileId: string): Promise<IUpload[]> {
    return this.uploads.find({ originalFileId }).lean<IUpload[]>().exec();
  }

  /** A user's uploads among these that still await their message. */
  async deleteTemporary(userId: string, ids: string[]): Promise<void> {
    await this.uploads.deleteMany({ _id: { $in: ids }, userId, expiresAt: { $exists: true } });
  }

  async deleteByIds(ids: string[]): Promise<void> {
    if (ids.length) await this.uploads.deleteMany({ _id: { $in: ids } });
  }
}
