import { Module } from '@nestjs/common';
import { AvatarController } from '../avatars/avatar.controller.js';
import { UsersAvatarController } from '../avatars/users-avatar.controller.js';
import { CustomAssetsController } from '../emoji-custom/custom-assets.controller.js';
import { CustomSoundUploadMethods } from '../emoji-custom/custom-sound-upload.methods.js';
import { EmojiCustomUploadController } from '../emoji-custom/emoji-custom-upload.controller.js';
import { DdpModule } from '../ddp/ddp.module.js';
import { RestModule } from '../rest/rest.module.js';
import { DataExportController } from './data-export.controller.js';
import { FileDownloadController } from './file-download.controller.js';
import { FileStorageService } from './file-storage.service.js';
import { LivechatUploadController } from './livechat-upload.controller.js';
import { UploadsController } from './uploads.controller.js';

/**
 * Uploads and downloads of file bodies, streamed between the HTTP socket (or a DDP frame: `uploadCustomSound`) and the
 * file storage; avatars, custom emoji and sounds.
 */
@Module({
  imports: [RestModule, DdpModule],
  controllers: [
    UploadsController,
    LivechatUploadController,
    FileDownloadController,
    DataExportController,
    AvatarController,
    UsersAvatarController,
    EmojiCustomUploadController,
    CustomAssetsController,
  ],
  providers: [FileStorageService, CustomSoundUploadMethods],
  exports: [FileStorageService],
})
export class UploadsModule {}
