import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IRole } from '@rc/contracts';
import type { Model } from 'mongoose';
import { ROLE_MODEL } from './role.schema.js';

@Injectable()
export class RolesRepository {
  constructor(@InjectModel(ROLE_MODEL) private readonly roles: Model<IRole>) {}

  /** roles.list: Rocket.Chat leaves `_updatedAt` out. */
  findAll(): Promise<IRole[]> {
    return this.roles.find({}, { _updatedAt: 0 }).lean<IRole[]>().exec();
  }

  findById(id: string): Promise<IRole | null> {
    return this.roles.findById(id).lean<IRole>().exec();
  }

  /** Which of these ids exist (validating the roles of a permission or a user). */
  async existingIds(ids: string[]): Promise<Set<string>> {
    const found = await this.roles
      .find({ _id: { $in: ids } }, { _id: 1 })
      .lean<Array<Pick<IRole, '_id'>>>()
      .exec();
    return new Set(found.map((role) => role._id));
  }

  /** Roles are addressed by id or by name in Rocket.Chat's API. */
  findByIdOrName(idOrName: string): Promise<IRole | null> {
    return this.roles
      .findOne({ $or: [{ _id: idOrName }, { name: idOrName }] })
      .lean<IRole>()
      .exec();
  }

  findByName(name: string): Promise<IRole | null> {
    return this.roles.findOne({ name }).lean<IRole>().exec();
  }

  /** Inserts a role only if it does not exist: an administrator's edits are never overwritten. */
  async insertIfMissing(role: Omit<IRole, '_updatedAt'>): Promise<boolean> {
    const result = await this.roles.updateOne({ _id: role._id }, { $setOnInsert: role }, { upsert: true }).exec();
    return result.upsertedCount > 0;
  }

  /** A new custom role; the unique name index refuses a duplicate name (E11000). */
  async insert(role: Omit<IRole, '_updatedAt'>): Promise<IRole> {
    const created = await this.roles.create(role);
    return created.toObject<IRole>();
  }

  update(id: string, changes: Partial<Pick<IRole, 'name' | 'scope' | 'description' | 'mandatory2fa'>>): Promise<IRole | null> {
    return this.roles.findOneAndUpdate({ _id: id }, { $set: changes }, { returnDocument: 'after' }).lean<IRole>().exec();
  }

  async deleteById(id: string): Promise<boolean> {
    return (await this.roles.deleteOne({ _id: id }).exec()).deletedCount > 0;
  }
}
