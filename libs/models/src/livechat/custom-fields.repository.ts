import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ILivechatCustomField } from '@rc/contracts';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../common/duplicate-key.js';
import { escapeRegExp } from '../common/escape-regex.js';
import { LIVECHAT_CUSTOM_FIELD_MODEL } from './livechat.schemas.js';
import type { Paged } from './paged.js';

/** What an administrator saves of a custom field (Rocket.Chat's `createOrUpdateCustomField` record). */
export type LivechatCustomFieldData = Omit<ILivechatCustomField, '_id' | '_updatedAt'>;

/** `rocketchat_livechat_custom_field`, owned by omnichannel. */
@Injectable()
export class LivechatCustomFieldsRepository {
  constructor(@InjectModel(LIVECHAT_CUSTOM_FIELD_MODEL) private readonly customFields: Model<ILivechatCustomField>) {}

  findById(id: string): Promise<ILivechatCustomField | null> {
    return this.customFields.findById(id).lean<ILivechatCustomField>().exec();
  }

  /** The fields of a scope (`visitor`: what a contact's custom fields may hold). */
  findByScope(scope: 'visitor' | 'room'): Promise<ILivechatCustomField[]> {
    return this.customFields.find({ scope }).lean<ILivechatCustomField[]>().exec();
  }

  /** Of these ids, the searchable visitor fields (`omnichannel/contact.search`'s `custom`). */
  findSearchableVisitorFields(ids: string[]): Promise<ILivechatCustomField[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.customFields
      .find({ _id: { $in: ids }, scope: 'visitor', searchable: true })
      .lean<ILivechatCustomField[]>()
      .exec();
  }

  /** Of these ids, the fields defined (`livechat/custom.fields`). */
  findByIds(ids: string[]): Promise<ILivechatCustomField[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.customFields
      .find({ _id: { $in: ids } })
      .lean<ILivechatCustomField[]>()
      .exec();
  }

  /** `livechat/custom-fields`: by label or id (case-insensitive substring), sorted as asked (by label). */
  async page(
    text: string | undefined,
    sort: Record<string, 1 | -1> | undefined,
    offset: number,
    count: number,
  ): Promise<Paged<ILivechatCustomField>> {
    const query = text ? { $or: [{ label: new RegExp(escapeRegExp(text), 'i') }, { _id: new RegExp(escapeRegExp(text), 'i') }] } : {};
    const [items, total] = await Promise.all([
      this.customFields
        .find(query)
        .sort({ ...(sort ?? { label: 1 }), _id: 1 })
        .skip(offset)
        .limit(count)
        .lean<ILivechatCustomField[]>()
        .exec(),
      this.customFields.countDocuments(query).exec(),
    ]);
    return { items, total };
  }

  /** A new field, its id the field name; `null` when one of that name exists already. */
  async insert(id: string, data: LivechatCustomFieldData): Promise<ILivechatCustomField | null> {
    try {
      await this.customFields.create({ _id: id, ...data });
    } catch (error) {
      if (isDuplicateKeyError(error)) return null;
      throw error;
    }
    return this.findById(id);
  }

  /** An existing field's values replaced by those given; `null` when there is none of that id. */
  update(id: string, data: LivechatCustomFieldData): Promise<ILivechatCustomField | null> {
    return this.customFields.findOneAndUpdate({ _id: id }, { $set: data }, { returnDocument: 'after' }).lean<ILivechatCustomField>().exec();
  }

  /** Removes a field; how many were removed (0 or 1). */
  async remove(id: string): Promise<number> {
    return (await this.customFields.deleteOne({ _id: id }).exec()).deletedCount;
  }
}
