import { Module } from '@nestjs/common';
import { UsersDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { AuthController } from './auth.controller.js';
import { loginThrottleProvider } from './login-throttle.provider.js';
import { LoginStrategies } from './login-strategies.js';
import { LoginThrottle } from './login-throttle.js';
import { LoginService } from './login.service.js';

@Module({
  imports: [UsersDataModule, CommonModule],
  controllers: [AuthController],
  providers: [LoginService, LoginStrategies, loginThrottleProvider],
  exports: [LoginService, LoginStrategies, LoginThrottle],
})
export class AuthModule {}
