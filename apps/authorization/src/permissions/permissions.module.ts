import { Module } from '@nestjs/common';
import { AuthorizationDataModule } from '@rc/models';
import { AuthorizationChanges } from '../changes/authorization-changes.js';
import { PermissionsAdminService } from './permissions-admin.service.js';
import { PermissionsController } from './permissions.controller.js';

@Module({
  imports: [AuthorizationDataModule],
  controllers: [PermissionsController],
  providers: [PermissionsAdminService, AuthorizationChanges],
  exports: [AuthorizationChanges],
})
export class PermissionsModule {}
