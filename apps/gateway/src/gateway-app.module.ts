import { Module } from '@nestjs/common';
import { PermissionChecksModule } from '@rc/permissions';
import { RestModule } from './rest/rest.module.js';
import { DdpModule } from './ddp/ddp.module.js';
import { MethodCallRestModule } from './rest/method-call/method-call-rest.module.js';
import { PresenceRestModule } from './rest/presence/presence-rest.module.js';
import { UsersRestModule } from './rest/users/users-rest.module.js';
import { AuthorizationRestModule } from './rest/authorization/authorization-rest.module.js';
import { CoreRestModule } from './rest/rooms/core-rest.module.js';

@Module({
  imports: [
    PermissionChecksModule.overNats(),
    RestModule,
    DdpModule,
    MethodCallRestModule,
    PresenceRestModule,
    UsersRestModule,
    AuthorizationRestModule,
    CoreRestModule,
  ],
})
export class GatewayAppModule {}
