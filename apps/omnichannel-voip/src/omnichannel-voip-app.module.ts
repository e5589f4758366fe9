import { Module } from '@nestjs/common';
import {
  LivechatDataModule,
  MessagesDataModule,
  RoomsDataModule,
  SubscriptionsDataModule,
  UsersDataModule,
  VoipDataModule,
} from '@rc/models';
import { PermissionChecksModule } from '@rc/permissions';
import { RealtimeModule } from '@rc/realtime';
import { SettingsCacheModule } from '@rc/settings';
import { VoipCallsService } from './calls/voip-calls.service.js';
import { VoipRoomsController } from './calls/voip-rooms.controller.js';
import { VoipRoomActivity } from './calls/voip-room-activity.js';
import { VoipRoomsService } from './calls/voip-rooms.service.js';
import { KamailioConnector } from './connector/kamailio.connector.js';
import { PbxConnector } from './connector/pbx-connector.js';
import { ExtensionsController } from './extensions/extensions.controller.js';
import { ExtensionsService } from './extensions/extensions.service.js';
import { SipCredentialsService } from './extensions/sip-credentials.service.js';
import { QueuesController } from './queues/queues.controller.js';
import { ServerConnectionController } from './server-connection/server-connection.controller.js';

/**
 * Omnichannel VoIP (Rocket.Chat's community VoIP service, and Rocket.Chat 7's extension routes): agents'
 * extensions, queues, calls as `v` rooms, driven by the PBX behind `PbxConnector` (Kamailio here).
 */
@Module({
  imports: [
    VoipDataModule,
    LivechatDataModule,
    UsersDataModule,
    RoomsDataModule,
    MessagesDataModule,
    SubscriptionsDataModule,
    SettingsCacheModule,
    PermissionChecksModule.forDatabase(),
    RealtimeModule.forRoot('writer'),
  ],
  controllers: [ExtensionsController, QueuesController, VoipRoomsController, ServerConnectionController],
  providers: [
    KamailioConnector,
    { provide: PbxConnector, useExisting: KamailioConnector },
    VoipCallsService,
    VoipRoomActivity,
    ExtensionsService,
    SipCredentialsService,
    VoipRoomsService,
  ],
})
export class OmnichannelVoipAppModule {}
