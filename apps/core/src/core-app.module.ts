import { Module } from '@nestjs/common';
import { PermissionChecksModule } from '@rc/permissions';
import { RealtimeModule } from '@rc/realtime';
import { MessagingModule } from './messaging/messaging.module.js';
import { RoomsModule } from './rooms/rooms.module.js';
import { SettingsModule } from './settings/settings.module.js';
import { SubscriptionsModule } from './subscriptions/subscriptions.module.js';
import { TeamsModule } from './teams/teams.module.js';
import { UploadsModule } from './uploads/uploads.module.js';

/** The core process: Rocket.Chat's internal services (Room, Messaging, Team, Settings, …) as Nest modules. */
@Module({
  imports: [
    RealtimeModule.forRoot('writer'),
    PermissionChecksModule.forDatabase(),
    SettingsModule,
    RoomsModule,
    SubscriptionsModule,
    MessagingModule,
    TeamsModule,
    UploadsModule,
  ],
})
export class CoreAppModule {}
