import { Controller } from '@nestjs/common';
import { customUserStatusList } from '@rc/contracts';
import { CustomizationsRepository } from '@rc/models';
import { RpcHandler } from '@rc/platform';

/** The administrator's custom statuses, as the clients list them at start-up (sounds: emoji-custom/). */
@Controller()
export class CustomizationsController {
  constructor(private readonly customizations: CustomizationsRepository) {}

  @RpcHandler(customUserStatusList)
  userStatuses() {
    return this.customizations.listUserStatuses();
  }
}
