import { Module } from '@nestjs/common';
import { AvatarsDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { AvatarsController } from './avatars.controller.js';
import { AvatarsService } from './avatars.service.js';

/** User and room avatars: `rocketchat_avatars`, their bodies in the file storage, `updateAvatar`. */
@Module({
  imports: [CommonModule, AvatarsDataModule],
  controllers: [AvatarsController],
  providers: [AvatarsService],
  exports: [AvatarsService, AvatarsDataModule],
})
export class AvatarsModule {}
