import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ICustomSound, ICustomUserStatus } from '@rc/contracts';
import type { Model, SortOrder } from 'mongoose';
import { escapeRegExp } from '../common/escape-regex.js';
import { randomId } from '../common/random-id.js';
import { CUSTOM_SOUND_MODEL, CUSTOM_USER_STATUS_MODEL } from './customization.schemas.js';

/** An administrator's custom statuses and sounds: few documents, read whole by the clients at start-up. */
@Injectable()
export class CustomizationsRepository {
  constructor(
    @InjectModel(CUSTOM_USER_STATUS_MODEL) private readonly statuses: Model<ICustomUserStatus>,
    @InjectModel(CUSTOM_SOUND_MODEL) private readonly sounds: Model<ICustomSound>,
  ) {}

  listUserStatuses(): Promise<ICustomUserStatus[]> {
    return this.statuses.find().lean<ICustomUserStatus[]>().exec();
  }

  /** `custom-user-status.list`: exact fields, a case-insensitive name search, a page (`limit` 0: all). */
  async pageUserStatuses(
    filter: { _id?: string; name?: string; statusType?: string; nameContains?: string },
    sort: Record<string, SortOrder>,
    skip: number,
    limit: number,
  ): Promise<{ items: ICustomUserStatus[]; total: number }> {
    const { nameContains, ...exact } = filter;
    const query = {
      ...exact,
      // As Rocket.Chat: the `name` search replaces an exact name of the JSON query.
      ...(nameContains !== undefined && { name: { $regex: escapeRegExp(nameContains), $options: 'i' } }),
    };
    const [items, total] = await Promise.all([
      this.statuses.find(query).sort(sort).skip(skip).limit(limit).lean<ICustomUserStatus[]>().exec(),
      this.statuses.countDocuments(query).exec(),
    ]);
    return { items, total };
  }

  findUserStatusById(_id: string): Promise<ICustomUserStatus | null> {
    return this.statuses.findById(_id).lean<ICustomUserStatus>().exec();
  }

  /** Whether another status has this name (Rocket.Chat's `findByName` / `findByNameExceptId`). */
  async userStatusNameTaken(name: string, exceptId?: string): Promise<boolean> {
    return (await this.statuses.exists({ name, ...(exceptId !== undefined && { _id: { $ne: exceptId } }) }).exec()) !== null;
  }

  async insertUserStatus(status: { name: string; statusType: string }): Promise<ICustomUserStatus> {
    const created = await this.statuses.create({ _id: randomId(), ...status });
    return created.toObject<ICustomUserStatus>();
  }

  updateUserStatus(_id: string, changes: { name: string; statusType?: string }): Promise<ICustomUserStatus | null> {
    return this.statuses.findByIdAndUpdate(_id, { $set: changes }, { new: true }).lean<ICustomUserStatus>().exec();
  }

  async deleteUserStatus(_id: string): Promise<boolean> {
    return (await this.statuses.deleteOne({ _id }).exec()).deletedCount > 0;
  }

  listSounds(): Promise<ICustomSound[]> {
    return this.sounds.find().lean<ICustomSound[]>().exec();
  }

  /** `custom-sounds.list`: a case-insensitive name search, a page. */
  async pageSounds(
    nameContains: string | undefined,
    sort: Record<string, SortOrder>,
    skip: number,
    limit: number,
  ): Promise<{ items: ICustomSound[]; total: number }> {
    const query = nameContains ? { name: { $regex: escapeRegExp(nameContains), $options: 'i' } } : {};
    const [items, total] = await Promise.all([
      this.sounds.find(query).sort(sort).skip(skip).limit(limit).lean<ICustomSound[]>().exec(),
      this.sounds.countDocuments(query).exec(),
    ]);
    return { items, total };
  }

  findSoundById(_id: string): Promise<ICustomSound | null> {
    return this.sounds.findById(_id).lean<ICustomSound>().exec();
  }

  /** Whether another sound has this name (Rocket.Chat's `findByName` / `findByNameExceptId`). */
  async soundNameTaken(name: string, exceptId?: string): Promise<boolean> {
    return (await this.sounds.exists({ name, ...(exceptId !== undefined && { _id: { $ne: exceptId } }) }).exec()) !== null;
  }

  async insertSound(sound: { name: string; extension: string }): Promise<ICustomSound> {
    const created = await this.sounds.create({ _id: randomId(), ...sound });
    return created.toObject<ICustomSound>();
  }

  updateSound(_id: string, changes: { name?: string; extension?: string; size?: number }): Promise<ICustomSound | null> {
    return this.sounds.findByIdAndUpdate(_id, { $set: changes }, { new: true }).lean<ICustomSound>().exec();
  }

  async deleteSound(_id: string): Promise<boolean> {
    return (await this.sounds.deleteOne({ _id }).exec()).deletedCount > 0;
  }
}
