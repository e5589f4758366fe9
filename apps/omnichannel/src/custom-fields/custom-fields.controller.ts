import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  livechatGetCustomField,
  livechatListCustomFields,
  livechatRemoveCustomField,
  livechatRemoveCustomFieldByRest,
  livechatSaveCustomField,
  type RpcParsedRequest as R,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { CustomFieldsService } from './custom-fields.service.js';

@Controller()
export class CustomFieldsController {
  constructor(private readonly customFields: CustomFieldsService) {}

  @RpcHandler(livechatListCustomFields)
  list(@Payload() request: R<typeof livechatListCustomFields>) {
    return this.customFields.list(request);
  }

  @RpcHandler(livechatGetCustomField)
  get(@Payload() { actor, _id }: R<typeof livechatGetCustomField>) {
    return this.customFields.get(actor, _id);
  }

  @RpcHandler(livechatSaveCustomField)
  save(@Payload() request: R<typeof livechatSaveCustomField>) {
    return this.customFields.save(request);
  }

  @RpcHandler(livechatRemoveCustomField)
  remove(@Payload() { actor, _id }: R<typeof livechatRemoveCustomField>) {
    return this.customFields.remove(actor, _id, 'ddp');
  }

  @RpcHandler(livechatRemoveCustomFieldByRest)
  removeByRest(@Payload() { actor, _id }: R<typeof livechatRemoveCustomFieldByRest>) {
    return this.customFields.remove(actor, _id, 'rest');
  }
}
