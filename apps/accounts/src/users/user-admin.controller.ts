import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  accountsDeactivateIdle,
  accountsLogoutUser,
  accountsPasswordPolicy,
  accountsSetActiveStatus,
  accountsSetUserActiveStatus,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { UserAdminService } from './user-admin.service.js';

@Controller()
export class UserAdminController {
  constructor(private readonly admin: UserAdminService) {}

  @RpcHandler(accountsSetActiveStatus)
  setActiveStatus(@Payload() { actor, userId, active, confirmRelinquish }: RpcParsedRequest<typeof accountsSetActiveStatus>) {
    return this.admin.setActiveStatus(actor, { userId, active, confirmRelinquish, face: 'rest' });
  }

  @RpcHandler(accountsSetUserActiveStatus)
  setUserActiveStatus(@Payload() { actor, userId, active, confirmRelinquish }: RpcParsedRequest<typeof accountsSetUserActiveStatus>) {
    return this.admin.setActiveStatus(actor, { userId, active, confirmRelinquish, face: 'ddp' });
  }

  @RpcHandler(accountsDeactivateIdle)
  deactivateIdle(@Payload() { actor, daysIdle, role }: RpcParsedRequest<typeof accountsDeactivateIdle>) {
    return this.admin.deactivateIdle(actor, daysIdle, role);
  }

  @RpcHandler(accountsLogoutUser)
  logoutUser(@Payload() { actor, userId }: RpcParsedRequest<typeof accountsLogoutUser>) {
    return this.admin.logoutUser(actor, userId);
  }

  @RpcHandler(accountsPasswordPolicy)
  passwordPolicy(@Payload() { resetToken }: RpcParsedRequest<typeof accountsPasswordPolicy>) {
    return this.admin.passwordPolicy(resetToken);
  }
}
