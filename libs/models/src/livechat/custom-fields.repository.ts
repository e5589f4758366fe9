import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ILivechatCustomField } from '@rc/contracts';
import type { Model } from 'mongoose';
import { LIVECHAT_CUSTOM_FIELD_MODEL } from './livechat.schemas.js';

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
}
