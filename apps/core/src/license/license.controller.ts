import { Controller } from '@nestjs/common';
import { licenseIsEnterprise, licenseModules } from '@rc/contracts';
import { RpcHandler } from '@rc/platform';

/** The community edition's honest answers to the clients' license questions: no license, no modules. */
@Controller()
export class LicenseController {
  @RpcHandler(licenseModules)
  modules(): string[] {
    return [];
  }

  @RpcHandler(licenseIsEnterprise)
  isEnterprise(): boolean {
    return false;
  }
}
