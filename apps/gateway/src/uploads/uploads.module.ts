import { Module } from '@nestjs/common';
import { RestModule } from '../rest/rest.module.js';
import { FileDownloadController } from './file-download.controller.js';
import { FileStorageService } from './file-storage.service.js';
import { UploadsController } from './uploads.controller.js';

/** Uploads and downloads of file bodies, streamed between the HTTP socket and the file storage. */
@Module({
  imports: [RestModule],
  controllers: [UploadsController, FileDownloadController],
  providers: [FileStorageService],
  exports: [FileStorageService],
})
export class UploadsModule {}
