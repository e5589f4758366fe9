import { Module } from '@nestjs/common';
import { MailerModule } from '@rc/mailer';
import { UsersDataModule } from '@rc/models';
import { AuthModule } from '../auth/auth.module.js';
import { CommonModule } from '../common/common.module.js';
import { LoginSecondFactor } from './login-second-factor.js';
import { EmailCodeMethod } from './email-code.method.js';
import { PasswordFallback } from './password-fallback.js';
import { SECOND_FACTOR_METHODS, type SecondFactorMethod } from './second-factor-method.js';
import { SecondFactorController } from './second-factor.controller.js';
import { SecondFactorService } from './second-factor.service.js';
import { TotpMethod } from './totp/totp-method.js';
import { totpThrottleProvider } from './totp/totp-throttle.js';
import { TotpController } from './totp/totp.controller.js';
import { TotpService } from './totp/totp.service.js';

/**
 * Second factors (Rocket.Chat's two-factor checks): at the login of a user who has one, and before sensitive
 * actions. Strategies, in the order tried when the client names none: TOTP (`totp/`), e-mail codes; then the
 * password fallback. A new method implements `SecondFactorMethod` and joins the list here.
 */
@Module({
  imports: [UsersDataModule, AuthModule, CommonModule, MailerModule],
  controllers: [SecondFactorController, TotpController],
  providers: [
    SecondFactorService,
    PasswordFallback,
    TotpMethod,
    totpThrottleProvider,
    TotpService,
    LoginSecondFactor,
    EmailCodeMethod,
    {
      provide: SECOND_FACTOR_METHODS,
      inject: [TotpMethod, EmailCodeMethod],
      useFactory: (...methods: SecondFactorMethod[]) => methods,
    },
  ],
})
export class SecondFactorModule {}
