import { Module } from '@nestjs/common';
import { ChannelsRestModule } from '../channels/channels-rest.module.js';
import { ChatRestModule } from '../chat/chat-rest.module.js';
import { GroupsRestModule } from '../groups/groups-rest.module.js';
import { ImRestModule } from '../im/im-rest.module.js';
import { SettingsRestModule } from '../settings/settings-rest.module.js';
import { SubscriptionsRestModule } from '../subscriptions/subscriptions-rest.module.js';
import { TeamsRestModule } from '../teams/teams-rest.module.js';
import { RoomsRestModule } from './rooms-rest.module.js';

/** The REST endpoints of the core app's Room, Messaging, Team and Settings services. */
@Module({
  imports: [
    ChannelsRestModule,
    GroupsRestModule,
    ImRestModule,
    RoomsRestModule,
    SubscriptionsRestModule,
    ChatRestModule,
    TeamsRestModule,
    SettingsRestModule,
  ],
})
export class CoreRestModule {}
