import { Module } from '@nestjs/common';
import { JobsDataModule, TeamsDataModule } from '@rc/models';
import { AvatarsModule } from '../avatars/avatars.module.js';
import { CommonModule } from '../common/common.module.js';
import { MessageWriterModule } from '../messaging/writer/message-writer.module.js';
import { FileRemoverModule } from '../uploads/file-remover.module.js';
import { DirectRoomsService } from './direct-rooms.service.js';
import { GeneralChannelSeed } from './general-channel.seed.js';
import { MembershipLifecycleService } from './membership-lifecycle.service.js';
import { OwnershipRelinquisher } from './ownership-relinquisher.service.js';
import { OwnershipsController } from './ownerships.controller.js';
import { RoomCreationService } from './room-creation.service.js';
import { RoomEraser } from './room-eraser.service.js';
import { RoomMembershipService } from './room-membership.service.js';
import { RoomOpenService } from './room-open.service.js';
import { MembersByRoleService } from './members-by-role.service.js';
import { RoomQueriesService } from './room-queries.service.js';
import { RetentionPruneJob } from './retention/retention-prune.job.js';
import { RoomHistoryService } from './room-history.service.js';
import { RoomLookupsController } from './room-lookups.controller.js';
import { RoomLookupsService } from './room-lookups.service.js';
import { RoomMuteService } from './room-mute.service.js';
import { RoomRolesService } from './room-roles.service.js';
import { RoomSettingsService } from './room-settings.service.js';
import { RoomsController } from './rooms.controller.js';
import { UserRenameService } from './user-rename.service.js';

/** Rocket.Chat's Room service: channels, private groups and direct messages, and their members. */
@Module({
  imports: [CommonModule, MessageWriterModule, TeamsDataModule, FileRemoverModule, AvatarsModule, JobsDataModule],
  controllers: [RoomsController, RoomLookupsController, OwnershipsController],
  providers: [
    RoomCreationService,
    DirectRoomsService,
    RoomMembershipService,
    RoomRolesService,
    RoomMuteService,
    RoomSettingsService,
    RoomQueriesService,
    MembersByRoleService,
    RoomLookupsService,
    RoomHistoryService,
    RoomOpenService,
    RoomEraser,
    MembershipLifecycleService,
    OwnershipRelinquisher,
    UserRenameService,
    GeneralChannelSeed,
    RetentionPruneJob,
  ],
  exports: [RoomCreationService, DirectRoomsService, RoomMembershipService, RoomEraser, RoomSettingsService],
})
export class RoomsModule {}
