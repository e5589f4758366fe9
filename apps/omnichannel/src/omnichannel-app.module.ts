import { Module } from '@nestjs/common';
import { MailerModule } from '@rc/mailer';
import { LivechatDataModule } from '@rc/models';
import { PermissionChecksModule } from '@rc/permissions';
import { RealtimeModule } from '@rc/realtime';
import { SettingsCacheModule } from '@rc/settings';
import { AgentsService } from './agents/agents.service.js';
import { LivechatController } from './livechat/livechat.controller.js';
import { LivechatNotifier } from './livechat/livechat-notifier.js';
import { RoutingService } from './routing/routing.service.js';
import { AgentLeaveSweeper } from './routing/agent-leave.sweeper.js';
import { RoutingSweeper } from './routing/routing.sweeper.js';
import { VisitorService } from './visitors/visitor.service.js';

/** Omnichannel: livechat visitors, agents, departments, the inquiry queue and its routing. */
@Module({
  imports: [RealtimeModule.forRoot('writer'), PermissionChecksModule.forDatabase(), SettingsCacheModule, MailerModule, LivechatDataModule],
  controllers: [LivechatController],
  providers: [LivechatNotifier, RoutingService, RoutingSweeper, AgentLeaveSweeper, VisitorService, AgentsService],
})
export class OmnichannelAppModule {}
