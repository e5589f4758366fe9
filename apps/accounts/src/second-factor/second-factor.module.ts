import { Module } from '@nestjs/common';
import { UsersDataModule } from '@rc/models';
import { AuthModule } from '../auth/auth.module.js';
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
  imports: [UsersDataModule, AuthModule],
  controllers: [SecondFactorController],
  providers: [SecondFactorService, PasswordFallback, { provide: SECOND_FACTOR_METHODS, useValue: [] satisfies SecondFactorMethod[] }],
})
export class SecondFactorModule {}
