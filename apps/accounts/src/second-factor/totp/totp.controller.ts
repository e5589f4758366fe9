import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  accountsDisableTotp,
  accountsEnableTotp,
  accountsRegenerateTotpCodes,
  accountsResetTotp,
  accountsTotpCodesRemaining,
  accountsValidateTotp,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { TotpService } from './totp.service.js';

@Controller()
export class TotpController {
  constructor(private readonly totp: TotpService) {}

  @RpcHandler(accountsEnableTotp)
  enable(@Payload() { actor }: RpcParsedRequest<typeof accountsEnableTotp>) {
    return this.totp.enable(actor.userId);
  }

  @RpcHandler(accountsValidateTotp)
  validate(@Payload() { actor, code, authToken }: RpcParsedRequest<typeof accountsValidateTotp>) {
    return this.totp.validate(actor.userId, code, authToken);
  }

  @RpcHandler(accountsDisableTotp)
  disable(@Payload() { actor, code }: RpcParsedRequest<typeof accountsDisableTotp>) {
    return this.totp.disable(actor.userId, code);
  }

  @RpcHandler(accountsRegenerateTotpCodes)
  regenerateCodes(@Payload() { actor, code }: RpcParsedRequest<typeof accountsRegenerateTotpCodes>) {
    return this.totp.regenerateCodes(actor.userId, code);
  }

  @RpcHandler(accountsTotpCodesRemaining)
  codesRemaining(@Payload() { actor }: RpcParsedRequest<typeof accountsTotpCodesRemaining>) {
    return this.totp.codesRemaining(actor.userId);
  }

  @RpcHandler(accountsResetTotp)
  reset(@Payload() { actor, target }: RpcParsedRequest<typeof accountsResetTotp>) {
    return this.totp.reset(actor, target);
  }
}
