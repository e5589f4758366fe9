import { Module } from '@nestjs/common';
import { UsersDataModule } from '@rc/models';
import { AdminSeedService } from './admin-seed/admin-seed.service.js';
import { AuthModule } from './auth/auth.module.js';

@Module({
  imports: [UsersDataModule, AuthModule],
  providers: [AdminSeedService],
})
export class AccountsAppModule {}
