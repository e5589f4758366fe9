import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IRole } from '@rc/contracts';
import type { Model } from 'mongoose';
import { ROLE_MODEL } from './role.schema.js';

@Injectable()
export class RolesRepository {
  constructor(@InjectModel(ROLE_MODEL) private readonly roles: Model<IRole>) {}

  findAll(): Promise<IRole[]> {
    return this.roles.find().lean<IRole[]>().exec();
  }

  findById(id: string): Promise<IRole | null> {
    return this.roles.findById(id).lean<IRole>().exec();
  }

  /** Roles are addressed by id or by name in Rocket.Chat's API. */
  findByIdOrName(idOrName: string): Promise<IRole | null> {
    return this.roles.findOne({ $or: [{ _id: idOrName }, { name: idOrName }] }).lean<IRole>().exec();
  }

  /** Inserts a role only if it does not exist: an administrator's edits are never overwritten. */
  async insertIfMissing(role: Omit<IRole, '_updatedAt'>): Promise<boolean> {
    const result = await this.roles.updateOne({ _id: role._id }, { $setOnInsert: role }, { upsert: true }).exec();
    return result.upsertedCount > 0;
  }
}
