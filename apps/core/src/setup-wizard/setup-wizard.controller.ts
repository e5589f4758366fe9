import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { cloudRegisterPreIntent, setupWizardAdminExists, setupWizardParameters, type RpcParsedRequest } from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { SetupWizardService } from './setup-wizard.service.js';

@Controller()
export class SetupWizardController {
  constructor(private readonly wizard: SetupWizardService) {}

  @RpcHandler(setupWizardParameters)
  parameters(@Payload() { actor }: RpcParsedRequest<typeof setupWizardParameters>) {
    return this.wizard.parameters(actor);
  }

  @RpcHandler(setupWizardAdminExists)
  adminExists() {
    return this.wizard.adminExists();
  }

  @RpcHandler(cloudRegisterPreIntent)
  registerPreIntent(@Payload() { actor }: RpcParsedRequest<typeof cloudRegisterPreIntent>) {
    return this.wizard.registerPreIntent(actor);
  }
}
