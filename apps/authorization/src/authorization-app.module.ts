import { Module } from '@nestjs/common';
import { AuthorizationDataModule } from '@rc/models';
import { PermissionChecksModule } from '@rc/permissions';
import { RealtimeModule } from '@rc/realtime';
import { SettingsCacheModule } from '@rc/settings';
import { PermissionsModule } from './permissions/permissions.module.js';
import { RolesModule } from './roles/roles.module.js';
import { RoomAccessModule } from './room-access/room-access.module.js';
import { AuthorizationSeedService } from './seed/authorization-seed.service.js';

@Module({
  imports: [
    AuthorizationDataModule,
    RealtimeModule.forRoot('writer'),
    PermissionChecksModule.forDatabase(),
    // Settings the features read (the page size of roles.getUsersInRole).
    SettingsCacheModule,
    PermissionsModule,
    RoomAccessModule,
    RolesModule,
  ],
  providers: [AuthorizationSeedService],
})
export class AuthorizationAppModule {}
