import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IUpload } from '@rc/contracts';
import type { Model } from 'mongoose';
import { escapeRegExp } from '../common/escape-regex.js';
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

  /**
   * A room's posted files (no thumbnails, none awaiting their message), newest first (or in the given order),
   * narrowed by a name substring, a type group or a type; the `rid, uploadedAt` index.
   */
  async findPosted(
    rid: string,
    filter: { name?: string; typeGroup?: string; type?: string; uploadedBefore?: Date },
    page: { skip: number; limit: number; sort?: Record<string, 1 | -1> },
  ): Promise<{ items: IUpload[]; total: number }> {
    const query = {
      rid,
      // Thumbnails are never listed: they are shown through their original.
      typeGroup: filter.typeGroup && filter.typeGroup !== 'thumb' ? filter.typeGroup : { $ne: 'thumb' },
      expiresAt: { $exists: false },
      ...(filter.name && { name: { $regex: escapeRegExp(filter.name), $options: 'i' } }),
      ...(filter.type && { type: filter.type }),
      ...(filter.uploadedBefore && { uploadedAt: { $lte: filter.uploadedBefore } }),
    };
    const [items, total] = await Promise.all([
      this.uploads
        .find(query)
        // A sort the client chose (fields checked by the service), `_id` last so pages never overlap.
        .sort(page.sort && Object.keys(page.sort).length ? { ...page.sort, _id: page.sort._id ?? 1 } : { uploadedAt: -1 })
        .skip(page.skip)
        .limit(page.limit)
        .lean<IUpload[]>()
        .exec(),
      this.uploads.countDocuments(query),
    ]);
    return { items, total };
  }

  /** Uploads whose message never came, past their expiry (the `expiresAt` index). */
  findExpired(now: Date, limit: number): Promise<Array<Pick<IUpload, '_id' | 'store'>>> {
    return this.uploads
      .find({ expiresAt: { $lt: now } }, { _id: 1, store: 1 })
      .limit(limit)
      .lean<Array<Pick<IUpload, '_id' | 'store'>>>()
      .exec();
  }

  /** Every upload of some rooms (their deletion). */
  findByRooms(rids: string[]): Promise<Array<Pick<IUpload, '_id' | 'store'>>> {
    return this.uploads
      .find({ rid: { $in: rids } }, { _id: 1, store: 1 })
      .lean<Array<Pick<IUpload, '_id' | 'store'>>>()
      .exec();
  }

  /** These uploads and their thumbnails (a deleted message's files). */
  findWithThumbnails(ids: string[]): Promise<Array<Pick<IUpload, '_id' | 'store'>>> {
    return this.uploads
      .find({ $or: [{ _id: { $in: ids } }, { originalFileId: { $in: ids } }] }, { _id: 1, store: 1 })
      .lean<Array<Pick<IUpload, '_id' | 'store'>>>()
      .exec();
  }

  async deleteByIds(ids: string[]): Promise<void> {
    if (ids.length) await this.uploads.deleteMany({ _id: { $in: ids } });
  }
}
