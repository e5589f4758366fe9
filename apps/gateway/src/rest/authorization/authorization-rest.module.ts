import { Module } from '@nestjs/common';
import { PermissionsController } from './permissions.controller.js';
import { RolesController } from './roles.controller.js';

/** REST `permissions.*` and `roles.*` (authorization service). */
@Module({
  controllers: [PermissionsController, RolesController],
})
export class AuthorizationRestModule {}
