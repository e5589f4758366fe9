import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { AuthorizationDataModule, RoomsDataModule, SubscriptionsDataModule, UsersDataModule } from '@rc/models';
import { DatabasePermissionRoles, DatabaseRoomRoles, DatabaseUserRoles } from './database-sources.js';
import { RemotePermissionRoles, RemoteUserRoles } from './nats-sources.js';
import { PermissionChecker } from './permission-checker.js';
import { PermissionRolesSource, RoomRolesSource, UserRolesSource } from './permission-sources.js';
import { PermissionTable } from './permission-table.js';
import { RoomAccess } from './room-access.js';
import { UserRolesCache } from './user-roles-cache.js';

const checks: Provider[] = [PermissionTable, UserRolesCache, PermissionChecker];

/**
 * Permission checks answered in-process (hasPermission, canAccessRoom), one implementation for every app.
 * Global: an app imports it once, beside the platform. Apps need `permissionsEnvVars` in their environment.
 */
@Module({})
export class PermissionChecksModule {
  /** For apps with the database: reads the collections (room roles and canAccessRoom included). */
  static forDatabase(): DynamicModule {
    return {
      module: PermissionChecksModule,
      global: true,
      imports: [AuthorizationDataModule, UsersDataModule, SubscriptionsDataModule, RoomsDataModule],
      providers: [
        ...checks,
        RoomAccess,
        { provide: PermissionRolesSource, useClass: DatabasePermissionRoles },
        { provide: UserRolesSource, useClass: DatabaseUserRoles },
        { provide: RoomRolesSource, useClass: DatabaseRoomRoles },
      ],
      exports: [PermissionTable, UserRolesCache, PermissionChecker, RoomAccess],
    };
  }

  /** For the gateway (no database): global permissions only, what it holds asked of the authorization service. */
  static overNats(): DynamicModule {
    return {
      module: PermissionChecksModule,
      global: true,
      providers: [
        ...checks,
        { provide: PermissionRolesSource, useClass: RemotePermissionRoles },
        { provide: UserRolesSource, useClass: RemoteUserRoles },
      ],
      exports: [PermissionChecker],
    };
  }
}
