import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { livechatGetBusinessHour, livechatListBusinessHours, livechatSaveBusinessHour, type RpcParsedRequest as R } from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { BusinessHoursService } from './business-hours.service.js';
import { PageSize } from '@rc/settings';

@Controller()
export class BusinessHoursController {
  constructor(
    private readonly businessHours: BusinessHoursService,
    private readonly pageSize: PageSize,
  ) {}

  @RpcHandler(livechatGetBusinessHour)
  get(@Payload() { actor, _id, type }: R<typeof livechatGetBusinessHour>) {
    return this.businessHours.get(actor, _id, type);
  }

  @RpcHandler(livechatListBusinessHours)
  list(@Payload() { actor, name, offset, count }: R<typeof livechatListBusinessHours>) {
    return this.businessHours.list(actor, name, offset, this.pageSize.count(count));
  }

  @RpcHandler(livechatSaveBusinessHour)
  save(@Payload() { actor, businessHour }: R<typeof livechatSaveBusinessHour>) {
    return this.businessHours.save(actor, businessHour);
  }
}
