import { Module } from '@nestjs/common';
import { CommonModule } from '../common/common.module.js';
import { PushController } from './push.controller.js';
import { PushDeliveryModule } from './push-delivery.module.js';
import { PushService } from './push.service.js';

/** Rocket.Chat's Push service: device tokens, push.get / push.info / push.test; delivery in PushDeliveryModule. */
@Module({
  imports: [CommonModule, PushDeliveryModule],
  controllers: [PushController],
  providers: [PushService],
})
export class PushModule {}
