import { Module } from '@nestjs/common';
import { MailerModule } from '@rc/mailer';
import { UsersDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { EmailCodeMethod } from '../second-factor/email-code.method.js';
import { AccountEmails } from './account-emails.service.js';
import { EmailTwoFactor } from './email-two-factor.service.js';
import { EmailController } from './email.controller.js';

/** The account e-mails (reset, verification, welcome) and the e-mail second factor's endpoints. */
@Module({
  imports: [UsersDataModule, CommonModule, MailerModule],
  controllers: [EmailController],
  providers: [AccountEmails, EmailTwoFactor, EmailCodeMethod],
  exports: [AccountEmails],
})
export class EmailModule {}
