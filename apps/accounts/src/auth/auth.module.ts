import { Module } from '@nestjs/common';
import { OAuthDataModule, UsersDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { AuthController } from './auth.controller.js';
import { LoginChecks } from './login-checks.js';
import { loginThrottleProvider } from './login-throttle.provider.js';
import { LoginStrategies } from './login-strategies.js';
import { LoginThrottle } from './login-throttle.js';
import { LoginService } from './login.service.js';
import { OAuthLoginStrategy } from './oauth-login.strategy.js';

@Module({
  imports: [UsersDataModule, OAuthDataModule, CommonModule],
  controllers: [AuthController],
  providers: [LoginService, OAuthLoginStrategy, LoginStrategies, loginThrottleProvider, LoginChecks],
  exports: [LoginService, LoginStrategies, LoginThrottle, LoginChecks],
})
export class AuthModule {}
