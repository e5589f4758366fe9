import { Module } from '@nestjs/common';
import { AuthorizationDataModule, SubscriptionsDataModule, UsersDataModule } from '@rc/models';
import { PermissionsModule } from '../permissions/permissions.module.js';
import { RolesController } from './roles.controller.js';
import { RolesService } from './roles.service.js';
import { SetUserRolesService } from './set-user-roles.service.js';
import { UserRolesService } from './user-roles.service.js';

@Module({
  imports: [PermissionsModule, AuthorizationDataModule, UsersDataModule, SubscriptionsDataModule],
  controllers: [RolesController],
  providers: [RolesService, UserRolesService, SetUserRolesService],
})
export class RolesModule {}
