import { Module } from '@nestjs/common';
import { AuthorizationDataModule, SubscriptionsDataModule, UsersDataModule } from '@rc/models';
import { PermissionChecker } from './permission-checker.service.js';
import { PermissionTable } from './permission-table.js';
import { PermissionsController } from './permissions.controller.js';

@Module({
  imports: [AuthorizationDataModule, UsersDataModule, SubscriptionsDataModule],
  controllers: [PermissionsController],
  providers: [PermissionTable, PermissionChecker],
  exports: [PermissionTable, PermissionChecker],
})
export class PermissionsModule {}
