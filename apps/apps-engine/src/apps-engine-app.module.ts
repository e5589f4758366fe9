import { Module } from '@nestjs/common';
import { MailerModule } from '@rc/mailer';
import {
  AppsDataModule,
  AuthorizationDataModule,
  LivechatDataModule,
  MessagesDataModule,
  RoomsDataModule,
  SubscriptionsDataModule,
  UploadsDataModule,
  UsersDataModule,
} from '@rc/models';
import { PermissionChecksModule } from '@rc/permissions';
import { RealtimeModule } from '@rc/realtime';
import { SettingsCacheModule } from '@rc/settings';
import { AppsController } from './apps.controller.js';
import { AppsEngineService } from './engine/apps-engine.service.js';
import { RocketNestBridges } from './engine/bridges.js';
import { MongoAppLogStorage, MongoAppMetadataStorage, MongoAppSourceStorage } from './engine/storage.js';

/** The apps-engine: Rocket.Chat Apps installed over `/api/apps`, each running in its own Deno process. */
@Module({
  imports: [
    AppsDataModule,
    UsersDataModule,
    RoomsDataModule,
    MessagesDataModule,
    SubscriptionsDataModule,
    AuthorizationDataModule,
    UploadsDataModule,
    LivechatDataModule,
    SettingsCacheModule,
    MailerModule,
    PermissionChecksModule.forDatabase(),
    RealtimeModule.forRoot('writer'),
  ],
  controllers: [AppsController],
  providers: [AppsEngineService, RocketNestBridges, MongoAppMetadataStorage, MongoAppSourceStorage, MongoAppLogStorage],
})
export class AppsEngineAppModule {}
