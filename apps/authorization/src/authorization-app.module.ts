import { Module } from '@nestjs/common';
import { AuthorizationDataModule } from '@rc/models';
import { PermissionsModule } from './permissions/permissions.module.js';
import { AuthorizationSeedService } from './seed/authorization-seed.service.js';

@Module({
  imports: [AuthorizationDataModule, PermissionsModule],
  providers: [AuthorizationSeedService],
})
export class AuthorizationAppModule {}
