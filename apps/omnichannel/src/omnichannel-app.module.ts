import { Module } from '@nestjs/common';
import { MailerModule } from '@rc/mailer';
import { LivechatDataModule, MessagesDataModule, RoomsDataModule, SubscriptionsDataModule, UsersDataModule } from '@rc/models';
import { PermissionChecksModule } from '@rc/permissions';
import { RealtimeModule } from '@rc/realtime';
import { SettingsCacheModule } from '@rc/settings';
import { AgentsService } from './agents/agents.service.js';
import { BusinessHoursController } from './business-hours/business-hours.controller.js';
import { BusinessHoursService } from './business-hours/business-hours.service.js';
import { BusinessHoursSweeper } from './business-hours/business-hours.sweeper.js';
import { ContactsController } from './contacts/contacts.controller.js';
import { ContactsService } from './contacts/contacts.service.js';
import { CustomFieldsController } from './custom-fields/custom-fields.controller.js';
import { CustomFieldsService } from './custom-fields/custom-fields.service.js';
import { LivechatController } from './livechat/livechat.controller.js';
import { LivechatNotifier } from './livechat/livechat-notifier.js';
import { RoutingService } from './routing/routing.service.js';
import { AgentLeaveSweeper } from './routing/agent-leave.sweeper.js';
import { RoutingSweeper } from './routing/routing.sweeper.js';
import { TriggersController } from './triggers/triggers.controller.js';
import { TriggersService } from './triggers/triggers.service.js';
import { VisitorDirectoryService } from './visitors/visitor-directory.service.js';
import { VisitorService } from './visitors/visitor.service.js';

/** Omnichannel: livechat visitors, agents, departments, the inquiry queue and its routing. */
@Module({
  imports: [
    RealtimeModule.forRoot('writer'),
    PermissionChecksModule.forDatabase(),
    SettingsCacheModule,
    MailerModule,
    LivechatDataModule,
    RoomsDataModule,
    MessagesDataModule,
    SubscriptionsDataModule,
    UsersDataModule,
  ],
  controllers: [LivechatController, BusinessHoursController, TriggersController, ContactsController, CustomFieldsController],
  providers: [
    LivechatNotifier,
    RoutingService,
    RoutingSweeper,
    AgentLeaveSweeper,
    VisitorService,
    VisitorDirectoryService,
    AgentsService,
    BusinessHoursService,
    BusinessHoursSweeper,
    TriggersService,
    ContactsService,
    CustomFieldsService,
  ],
})
export class OmnichannelAppModule {}
