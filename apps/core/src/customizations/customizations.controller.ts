import { Controller } from '@nestjs/common';
import { customSoundsList, customUserStatusList } from '@rc/contracts';
import { CustomizationsRepository } from '@rc/models';
import { RpcHandler } from '@rc/platform';

/** The administrator's custom statuses and sounds, as the clients list them at start-up. */
@Controller()
export class CustomizationsController {
  constructor(private readonly customizations: CustomizationsRepository) {}

  @RpcHandler(customUserStatusList)
  userStatuses() {
    return this.customizations.listUserStatuses();
  }

  @RpcHandler(customSoundsList)
  sounds() {
    return this.customizations.listSounds();
  }
}
