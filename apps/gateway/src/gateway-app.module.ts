import { Module } from '@nestjs/common';
import { RestModule } from './rest/rest.module.js';
import { UsersRestModule } from './rest/users/users-rest.module.js';
import { AuthorizationRestModule } from './rest/authorization/authorization-rest.module.js';

@Module({
  imports: [
    RestModule,
    UsersRestModule,
    AuthorizationRestModule,
  ],
})
export class GatewayAppModule {}
