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
}
