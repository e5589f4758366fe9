import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ISetting, SettingValue } from '@rc/contracts';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../common/duplicate-key.js';
import { SETTING_MODEL } from './setting.schema.js';

/** `rocketchat_settings`, with Rocket.Chat's setting ids. */
@Injectable()
export class SettingsRepository {
  constructor(@InjectModel(SETTING_MODEL) private readonly settings: Model<ISetting>) {}

  findAll(): Promise<ISetting[]> {
    return this.settings.find().lean<ISetting[]>().exec();
  }

  findById(id: string): Promise<ISetting | null> {
    return this.settings.findById(id).lean<ISetting>().exec();
  }

  /** Inserts a default setting only where none exists: an administrator's value is kept across restarts. */
  async insertIfMissing(setting: Omit<ISetting, '_updatedAt'>): Promise<boolean> {
    try {
      const result = await this.settings.updateOne({ _id: setting._id }, { $setOnInsert: setting }, { upsert: true }).exec();
      return result.upsertedCount > 0;
    } catch (error) {
      // Two instances seeding at once: the other one inserted it.
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Public, visible settings (the `public, _id` index), optionally only some ids, by id. */
  async findPublicPage(ids: string[] | undefined, skip: number, limit: number): Promise<{ settings: ISetting[]; total: number }> {
    const filter: Record<string, unknown> = { public: true, hidden: { $ne: true }, ...(ids && { _id: { $in: ids } }) };
    const [settings, total] = await Promise.all([
      this.settings.find(filter, { _id: 1, value: 1 }).sort({ _id: 1 }).skip(skip).limit(limit).lean<ISetting[]>().exec(),
      this.settings.countDocuments(filter).exec(),
    ]);
    return { settings, total };
  }

  /** Every visible setting (or only public ones), optionally those written after a date: the clients' sync. */
  findVisible(publicOnly: boolean, updatedAfter?: Date): Promise<ISetting[]> {
    const filter: Record<string, unknown> = {
      hidden: { $ne: true },
      ...(publicOnly && { public: true }),
      ...(updatedAfter && { _updatedAt: { $gt: updatedAfter } }),
    };
    return this.settings.find(filter).sort({ _id: 1 }).lean<ISetting[]>().exec();
  }

  setValue(id: string, value: SettingValue): Promise<ISetting | null> {
    return this.settings
      .findOneAndUpdate({ _id: id, hidden: { $ne: true } }, { $set: { value } }, { returnDocument: 'after' })
      .lean<ISetting>()
      .exec();
  }

  /** The settings the setup wizard edits (Rocket.Chat's `findSetupWizardSettings`), few: read without an index. */
  findWizardSettings(): Promise<ISetting[]> {
    return this.settings
      .find({ wizard: { $exists: true, $ne: null } })
      .sort({ _id: 1 })
      .lean<ISetting[]>()
      .exec();
  }

  /** Sets a value only while the setting still holds `expected` (a state that moves forward only). */
  async setValueIf(id: string, expected: SettingValue, value: SettingValue): Promise<ISetting | null> {
    return this.settings
      .findOneAndUpdate({ _id: id, value: expected }, { $set: { value } }, { returnDocument: 'after' })
      .lean<ISetting>()
      .exec();
  }
}
