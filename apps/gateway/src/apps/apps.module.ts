import { Module } from '@nestjs/common';
import { RestModule } from '../rest/rest.module.js';
import { AppsAdminController, AppsEndpointsController } from './apps.controller.js';

/** `/api/apps` (list, install) and the apps' own HTTP endpoints; the other `/api/apps/…` routes are bound contracts. */
@Module({ imports: [RestModule], controllers: [AppsAdminController, AppsEndpointsController] })
export class AppsGatewayModule {}
