import { Module } from '@nestjs/common';
import { UsersDataModule } from '@rc/models';
import { AuthController } from './auth.controller.js';
import { LoginService } from './login.service.js';

@Module({
  imports: [UsersDataModule],
  controllers: [AuthController],
  providers: [LoginService],
  exports: [LoginService],
})
export class AuthModule {}
