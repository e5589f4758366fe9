import { Module } from '@nestjs/common';
import { TeamsDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { MessageWriterModule } from '../messaging/writer/message-writer.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { TeamAdminController } from './team-admin.controller.js';
import { TeamAdminService } from './team-admin.service.js';
import { TeamResolver } from './team-resolver.js';
import { TeamsController } from './teams.controller.js';
import { TeamsOfUserService } from './teams-of-user.service.js';
import { TeamsService } from './teams.service.js';

/** Rocket.Chat's Team service (`rocketchat_team`, `rocketchat_team_member`). */
@Module({
  imports: [CommonModule, MessageWriterModule, RoomsModule, TeamsDataModule],
  controllers: [TeamsController, TeamAdminController],
  providers: [TeamResolver, TeamsService, TeamAdminService, TeamsOfUserService],
})
export class TeamsModule {}
