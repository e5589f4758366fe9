import { Module } from '@nestjs/common';
import { PermissionChecksModule } from '@rc/permissions';
import { AppsGatewayModule } from './apps/apps.module.js';
import { BindingsModule } from './bindings/bindings.module.js';
import { DdpModule } from './ddp/ddp.module.js';
import { FrontPageModule } from './front-page/front-page.module.js';
import { OAuthModule } from './oauth/oauth.module.js';
import { HooksModule } from './hooks/hooks.module.js';
import { MethodCallRestModule } from './rest/method-call/method-call-rest.module.js';
import { RestModule } from './rest/rest.module.js';
import { UploadsModule } from './uploads/uploads.module.js';

@Module({
  imports: [
    PermissionChecksModule.overNats(),
    RestModule,
    DdpModule,
    BindingsModule,
    MethodCallRestModule,
    FrontPageModule,
    UploadsModule,
    OAuthModule,
    HooksModule,
    AppsGatewayModule,
  ],
})
export class GatewayAppModule {}
