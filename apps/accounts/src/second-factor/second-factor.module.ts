import { Module } from '@nestjs/common';
import { MailerModule } from '@rc/mailer';
import { UsersDataModule } from '@rc/models';
import { AuthModule } from '../auth/auth.module.js';
import { EmailCodeMethod } from './email-code.method.js';
import { PasswordFallback } from './password-fallback.js';
import { SECOND_FACTOR_METHODS, type SecondFactorMethod } from './second-factor-method.js';
import { SecondFactorController } from './second-factor.controller.js';
import { SecondFactorService } from './second-factor.service.js';

/**
 * Re-authentication for sensitive actions (Rocket.Chat's two-factor checks). Strategies: none of the user's
 * own yet (TOTP and e-mail codes come with issue 19: implement `SecondFactorMethod` and list it here), and the
 * password fallback.
 */
@Module({
  imports: [UsersDataModule, AuthModule, MailerModule],
  controllers: [SecondFactorController],
  providers: [
    SecondFactorService,
    PasswordFallback,
    EmailCodeMethod,
    {
      provide: SECOND_FACTOR_METHODS,
      inject: [EmailCodeMethod],
      useFactory: (...methods: SecondFactorMethod[]) => methods,
    },
  ],
})
export class SecondFactorModule {}
