import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PERMISSION_MODEL, PermissionSchema } from './permission.schema.js';
import { PermissionsRepository } from './permissions.repository.js';
import { ROLE_MODEL, RoleSchema } from './role.schema.js';
import { RolesRepository } from './roles.repository.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ROLE_MODEL, schema: RoleSchema },
      { name: PERMISSION_MODEL, schema: PermissionSchema },
    ]),
  ],
  providers: [RolesRepository, PermissionsRepository],
  exports: [RolesRepository, PermissionsRepository],
})
export class AuthorizationDataModule {}
