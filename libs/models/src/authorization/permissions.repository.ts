import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IPermission } from '@rc/contracts';
import type { Model } from 'mongoose';
import { PERMISSION_MODEL } from './permission.schema.js';

@Injectable()
export class PermissionsRepository {
  constructor(@InjectModel(PERMISSION_MODEL) private readonly permissions: Model<IPermission>) {}

  findAll(): Promise<IPermission[]> {
    return this.permissions.find().lean<IPermission[]>().exec();
  }

  findUpdatedSince(since: Date): Promise<IPermission[]> {
    return this.permissions.find({ _updatedAt: { $gt: since } }).lean<IPermission[]>().exec();
  }

  findById(id: string): Promise<IPermission | null> {
    return this.permissions.findById(id).lean<IPermission>().exec();
  }

  /** Inserts a default permission only if it does not exist: an administrator's changes are kept. */
  async insertIfMissing(permission: Omit<IPermission, '_updatedAt'>): Promise<boolean> {
    const result = await this.permissions
      .updateOne({ _id: permission._id }, { $setOnInsert: permission }, { upsert: true })
      .exec();
    return result.upsertedCount > 0;
  }

  async setRoles(id: string, roles: string[]): Promise<IPermission | null> {
    return this.permissions
      .findOneAndUpdate({ _id: id }, { $set: { roles } }, { new: true })
      .lean<IPermission>()
      .exec();
  }
}
