import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ExportOperationStatus, IExportOperation, IUserDataFile } from '@rc/contracts';
import type { Model } from 'mongoose';
import { EXPORT_OPERATION_MODEL, USER_DATA_FILE_MODEL } from './export-operation.schema.js';

/**
 * Statuses of an operation still to be worked on (Rocket.Chat's `findOnePending` asks `$nin` of the finished
 * ones). Listed for `$in`, which the `{status, createdAt}` index serves; a record, so a new status must be placed.
 */
const UNFINISHED_STATUSES: Record<Exclude<ExportOperationStatus, 'completed' | 'skipped'>, true> = {
  preparing: true,
  pending: true,
  'exporting-rooms': true,
  exporting: true,
  downloading: true,
  compressing: true,
  uploading: true,
};
const UNFINISHED = Object.keys(UNFINISHED_STATUSES) as ExportOperationStatus[];

/** `rocketchat_export_operations`, owned by core (the user data export). */
@Injectable()
export class ExportOperationsRepository {
  constructor(@InjectModel(EXPORT_OPERATION_MODEL) private readonly operations: Model<IExportOperation>) {}

  findLastOperationByUser(userId: string, fullExport: boolean): Promise<IExportOperation | null> {
    return this.operations.findOne({ userId, fullExport }).sort({ createdAt: -1 }).lean<IExportOperation>().exec();
  }

  /** Unfinished operations asked for before `before` (the queue ahead of a request). */
  countPendingBefore(before: Date): Promise<number> {
    return this.operations.countDocuments({ status: { $in: UNFINISHED }, createdAt: { $lt: before } }).exec();
  }

  async insert(operation: Omit<IExportOperation, '_updatedAt'>): Promise<IExportOperation> {
    const created = await this.operations.create(operation);
    return created.toObject<IExportOperation>();
  }

  /** The oldest operation not finished yet. */
  findOnePending(): Promise<IExportOperation | null> {
    return this.operations
      .findOne({ status: { $in: UNFINISHED } })
      .sort({ createdAt: 1 })
      .lean<IExportOperation>()
      .exec();
  }

  async update(id: string, fields: Partial<Omit<IExportOperation, '_id'>>): Promise<void> {
    await this.operations.updateOne({ _id: id }, { $set: fields }).exec();
  }
}

/** `rocketchat_user_data_files`, owned by core (the user data export). */
@Injectable()
export class UserDataFilesRepository {
  constructor(@InjectModel(USER_DATA_FILE_MODEL) private readonly files: Model<IUserDataFile>) {}

  async insert(file: Omit<IUserDataFile, '_updatedAt'>): Promise<void> {
    await this.files.create(file);
  }

  findById(id: string): Promise<IUserDataFile | null> {
    return this.files.findById(id).lean<IUserDataFile>().exec();
  }

  findLastByUser(userId: string): Promise<IUserDataFile | null> {
    return this.files.findOne({ userId }).sort({ uploadedAt: -1 }).lean<IUserDataFile>().exec();
  }
}
