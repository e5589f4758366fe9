import { Module } from '@nestjs/common';
import { InvitesDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { InvitesController } from './invites.controller.js';
import { InvitesService } from './invites.service.js';

/** Invite links to channels and groups (`rocketchat_invites`). */
@Module({
  imports: [CommonModule, InvitesDataModule, RoomsModule],
  controllers: [InvitesController],
  providers: [InvitesService],
})
export class InvitesModule {}
