import { Module } from '@nestjs/common';
import { Mailer } from './mailer.service.js';

/** The mailer for an app that imports it (which must import `SettingsCacheModule`: SMTP settings are read live). */
@Module({
  providers: [Mailer],
  exports: [Mailer],
})
export class MailerModule {}
