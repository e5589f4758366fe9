import { Module } from '@nestjs/common';
import { UploadsDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { ImagePreviews } from './image-previews.service.js';
import { ExpiredUploadsSweeper } from './expired-uploads.sweeper.js';
import { FileRemoverModule } from './file-remover.module.js';
import { UploadsController } from './uploads.controller.js';
import { UploadsService } from './uploads.service.js';

/** Rocket.Chat's Upload service: upload rules, `rocketchat_uploads`, file messages, read access. */
@Module({
  imports: [CommonModule, MessagingModule, UploadsDataModule, FileRemoverModule],
  controllers: [UploadsController],
  providers: [UploadsService, ExpiredUploadsSweeper, ImagePreviews],
})
export class UploadsModule {}
