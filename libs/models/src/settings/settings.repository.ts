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

  /**
   * Seeds many settings in one round trip (Rocket.Chat's registry at start-up): a missing setting is inserted
   * with its `value`; an existing one gets the declared facts (`metadata`: type, default, labels, …) but keeps
   * its value; then each `forced` value (`OVERWRITE_SETTING_<id>`) replaces the stored one where it differs.
   * Goes around mongoose's timestamps so an unchanged setting is not rewritten (its `_updatedAt` drives the
   * clients' sync). Answers how many were inserted.
   */
  async seed(
    settings: Array<{ metadata: Record<string, unknown>; insert: Record<string, unknown> }>,
    forced: Array<{ _id: string; value: SettingValue }>,
    now: Date,
  ): Promise<number> {
    const upserts = settings.map(({ metadata, insert }) => ({
      updateOne: {
        filter: { _id: metadata._id as string },
        update: { $set: metadata, $setOnInsert: { ...insert, ts: now, createdAt: now, _updatedAt: now } },
        upsert: true,
      },
    }));
    const overwrites = forced.map(({ _id, value }) => ({
      updateOne: {
        filter: { _id, value: { $ne: value } },
        update: { $set: { value, processEnvValue: value, valueSource: 'processEnvValue', _updatedAt: now } },
      },
    }));
    // The driver's types want ObjectId ids; Rocket.Chat's settings have string ids.
    const collection = this.settings.collection as unknown as {
      bulkWrite(operations: unknown[], options: { ordered: boolean }): Promise<{ upsertedCount: number }>;
    };
    const write = async () => {
      const result = await collection.bulkWrite(upserts, { ordered: false });
      if (overwrites.length) await collection.bulkWrite(overwrites, { ordered: false });
      return result.upsertedCount;
    };
    try {
      return await write();
    } catch (error) {
      // Two apps seeding at once: the other one inserted some; every upsert then finds its setting.
      if (!isDuplicateKeyError(error) && !hasOnlyDuplicateKeyErrors(error)) throw error;
      return write();
    }
  }

  /**
   * The administration list (Rocket.Chat's `GET settings`): visible settings (only public ones unless
   * `privileged`) matching the caller's JSON `query`, sorted and projected as asked.
   */
  async findPage(
    query: Record<string, unknown>,
    privileged: boolean,
    options: { skip: number; limit: number; sort?: Record<string, 1 | -1>; fields?: Record<string, 0 | 1> },
  ): Promise<{ settings: ISetting[]; total: number }> {
    const filter: Record<string, unknown> = { ...query, hidden: { $ne: true }, ...(!privileged && { public: true }) };
    const projection = projectionWithBasics(options.fields ?? {});
    const [settings, total] = await Promise.all([
      this.settings
        .find(filter, projection)
        .sort(options.sort ?? { _id: 1 })
        .skip(options.skip)
        .limit(options.limit)
        .lean<ISetting[]>()
        .exec(),
      this.settings.countDocuments(filter).exec(),
    ]);
    return { settings, total };
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

/** Rocket.Chat's settings lists answer these, and the fields asked for besides (exclusions cannot mix in). */
function projectionWithBasics(fields: Record<string, 0 | 1>): Record<string, 1> {
  const asked = Object.entries(fields).filter(([, include]) => include === 1);
  return { _id: 1, value: 1, enterprise: 1, invalidValue: 1, modules: 1, ...Object.fromEntries(asked.map(([key]) => [key, 1 as const])) };
}

function hasOnlyDuplicateKeyErrors(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: unknown } | null)?.writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return list.length > 0 && list.every(isDuplicateKeyError);
}
