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
    return this.permissions
      .find({ _updatedAt: { $gt: since } })
      .lean<IPermission[]>()
      .exec();
  }

  findById(id: string): Promise<IPermission | null> {
    return this.permissions.findById(id).lean<IPermission>().exec();
  }

  findByIds(ids: string[]): Promise<IPermission[]> {
    return this.permissions
      .find({ _id: { $in: ids } })
      .lean<IPermission[]>()
      .exec();
  }

  /** Inserts a default permission only if it does not exist: an administrator's changes are kept. */
  async insertIfMissing(permission: Omit<IPermission, '_updatedAt'>): Promise<boolean> {
    const result = await this.permissions.updateOne({ _id: permission._id }, { $setOnInsert: permission }, { upsert: true }).exec();
    return result.upsertedCount > 0;
  }

  async setRoles(id: string, roles: string[]): Promise<IPermission | null> {
    return this.permissions.findOneAndUpdate({ _id: id }, { $set: { roles } }, { returnDocument: 'after' }).lean<IPermission>().exec();
  }

  /** A deleted role leaves every permission; returns the permissions that held it, as they are now. */
  async removeRoleEverywhere(role: string): Promise<IPermission[]> {
    const holders = await this.permissions.find({ roles: role }, { _id: 1 }).lean<Array<Pick<IPermission, '_id'>>>().exec();
    if (holders.length === 0) return [];
    const ids = holders.map((p) => p._id);
    await this.permissions.updateMany({ _id: { $in: ids } }, { $pull: { roles: role } }).exec();
    return this.findByIds(ids);
  }
}
