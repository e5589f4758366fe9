import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IEmojiCustom } from '@rc/contracts';
import type { Model, SortOrder } from 'mongoose';
import { randomId } from '../common/random-id.js';
import { EMOJI_CUSTOM_MODEL } from './customization.schemas.js';

type EmojiFilter = Partial<Record<'_id' | 'name' | 'extension' | 'aliases', string>> & { _updatedAt?: { $gt: Date } };

/** `rocketchat_custom_emoji`: the administrator's emoji, read whole by the clients at start-up. */
@Injectable()
export class EmojiCustomRepository {
  constructor(@InjectModel(EMOJI_CUSTOM_MODEL) private readonly emojis: Model<IEmojiCustom>) {}

  find(filter: EmojiFilter): Promise<IEmojiCustom[]> {
    return this.emojis.find(filter).sort({ name: 1 }).lean<IEmojiCustom[]>().exec();
  }

  async page(
    filter: EmojiFilter,
    sort: Record<string, SortOrder>,
    skip: number,
    limit: number,
  ): Promise<{ items: IEmojiCustom[]; total: number }> {
    const [items, total] = await Promise.all([
      this.emojis.find(filter).sort(sort).skip(skip).limit(limit).lean<IEmojiCustom[]>().exec(),
      this.emojis.countDocuments(filter).exec(),
    ]);
    return { items, total };
  }

  findById(_id: string): Promise<IEmojiCustom | null> {
    return this.emojis.findById(_id).lean<IEmojiCustom>().exec();
  }

  /** The emoji a `:name:` means: by its name, else by one of its aliases. */
  async findByNameOrAlias(name: string): Promise<IEmojiCustom | null> {
    return (
      (await this.emojis.findOne({ name }).lean<IEmojiCustom>().exec()) ??
      this.emojis.findOne({ aliases: name }).lean<IEmojiCustom>().exec()
    );
  }

  /** Whether any of these names is already another emoji's name or alias (Rocket.Chat's `findByNameOrAliasExceptID`). */
  async anyNameTaken(names: string[], exceptId?: string): Promise<boolean> {
    const filter = {
      $or: [{ name: { $in: names } }, { aliases: { $in: names } }],
      ...(exceptId !== undefined && { _id: { $ne: exceptId } }),
    };
    return (await this.emojis.exists(filter).exec()) !== null;
  }

  async insert(emoji: Omit<IEmojiCustom, '_id' | '_updatedAt'>): Promise<IEmojiCustom> {
    const created = await this.emojis.create({ _id: randomId(), ...emoji });
    return created.toObject<IEmojiCustom>();
  }

  update(_id: string, changes: Partial<Pick<IEmojiCustom, 'name' | 'aliases' | 'extension' | 'etag'>>): Promise<IEmojiCustom | null> {
    return this.emojis.findByIdAndUpdate(_id, { $set: changes }, { new: true }).lean<IEmojiCustom>().exec();
  }

  async delete(_id: string): Promise<boolean> {
    return (await this.emojis.deleteOne({ _id }).exec()).deletedCount > 0;
  }
}
