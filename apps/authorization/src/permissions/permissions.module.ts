import { Module } from '@nestjs/common';
import { AuthorizationDataModule, SubscriptionsDataModule, UsersDataModule } from '@rc/models';
import { AuthorizationChanges } from '../changes/authorization-changes.js';
import { PermissionChecker } from './permission-checker.service.js';
import { PermissionTable } from './permission-table.js';
import { UserRolesCache } from './user-roles-cache.js';
import { PermissionsAdminService } from './permissions-admin.service.js';
import { PermissionsController } from './permissions.controller.js';

@Module({
  imports: [AuthorizationDataModule, UsersDataModule, SubscriptionsDataModule],
  controllers: [PermissionsController],
  providers: [PermissionTable, UserRolesCache, PermissionChecker, PermissionsAdminService, AuthorizationChanges],
  exports: [PermissionTable, PermissionChecker, AuthorizationChanges],
})
export class PermissionsModule {}
