import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { licenseInfo, licenseIsEnterprise, licenseModules, type LicenseInfo, type RpcParsedRequest } from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { AccessService } from '../common/access.service.js';

/** The limits Rocket.Chat's license manager reports (`globalLimitKinds`); without a license each is unlimited (-1). */
const LIMIT_KINDS = ['activeUsers', 'guestUsers', 'privateApps', 'marketplaceApps', 'monthlyActiveContacts'];
/** The actions a license may prevent (`preventableLimitKinds`); without a license none is. */
const PREVENTABLE_KINDS = ['activeUsers', 'guestUsers', 'roomsPerGuest', 'privateApps', 'marketplaceApps', 'monthlyActiveContacts'];

/** The community edition's honest answers to the clients' license questions: no license, no modules. */
@Controller()
export class LicenseController {
  constructor(private readonly access: AccessService) {}

  @RpcHandler(licenseModules)
  modules(): string[] {
    return [];
  }

  @RpcHandler(licenseIsEnterprise)
  isEnterprise(): boolean {
    return false;
  }

  @RpcHandler(licenseInfo)
  async info(@Payload() { actor }: RpcParsedRequest<typeof licenseInfo>): Promise<{ license: LicenseInfo }> {
    const unrestricted = await this.access.hasPermission(actor.userId, 'view-privileged-setting');
    return {
      license: {
        activeModules: [],
        externalModules: [],
        preventedActions: Object.fromEntries(PREVENTABLE_KINDS.map((kind) => [kind, false])),
        limits: unrestricted ? Object.fromEntries(LIMIT_KINDS.map((kind) => [kind, { max: -1 }])) : {},
        tags: [],
        trial: false,
        hasValidLicense: false,
      },
    };
  }
}
