import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  accountsDisableEmail2fa,
  accountsEnableEmail2fa,
  accountsForgotPassword,
  accountsResetPassword,
  accountsSendConfirmationEmail,
  accountsSendEmailCode,
  accountsVerifyEmail,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { AccountEmails } from './account-emails.service.js';
import { EmailTwoFactor } from './email-two-factor.service.js';

@Controller()
export class EmailController {
  constructor(
    private readonly emails: AccountEmails,
    private readonly twoFactor: EmailTwoFactor,
  ) {}

  @RpcHandler(accountsForgotPassword)
  forgotPassword(@Payload() { email }: RpcParsedRequest<typeof accountsForgotPassword>) {
    return this.emails.forgotPassword(email);
  }

  @RpcHandler(accountsResetPassword)
  resetPassword(@Payload() request: RpcParsedRequest<typeof accountsResetPassword>) {
    return this.emails.resetPassword(request);
  }

  @RpcHandler(accountsSendConfirmationEmail)
  sendConfirmation(@Payload() { actor, email }: RpcParsedRequest<typeof accountsSendConfirmationEmail>) {
    return this.emails.sendConfirmation(actor, email);
  }

  @RpcHandler(accountsVerifyEmail)
  verifyEmail(@Payload() { token }: RpcParsedRequest<typeof accountsVerifyEmail>) {
    return this.emails.verifyEmail(token);
  }

  @RpcHandler(accountsSendEmailCode)
  sendEmailCode(@Payload() { actor, emailOrUsername }: RpcParsedRequest<typeof accountsSendEmailCode>) {
    return this.twoFactor.sendEmailCode(actor, emailOrUsername);
  }

  @RpcHandler(accountsEnableEmail2fa)
  enableEmail2fa(@Payload() { actor, authToken }: RpcParsedRequest<typeof accountsEnableEmail2fa>) {
    return this.twoFactor.enable(actor, authToken);
  }

  @RpcHandler(accountsDisableEmail2fa)
  disableEmail2fa(@Payload() { actor }: RpcParsedRequest<typeof accountsDisableEmail2fa>) {
    return this.twoFactor.disable(actor);
  }
}
