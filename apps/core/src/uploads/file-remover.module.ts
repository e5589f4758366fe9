import { Module } from '@nestjs/common';
import { UploadsDataModule } from '@rc/models';
import { FileRemover } from './file-remover.service.js';

/** FileRemover alone, for the services that delete messages and rooms (no cycle with the uploads module). */
@Module({
  imports: [UploadsDataModule],
  providers: [FileRemover],
  exports: [FileRemover],
})
export class FileRemoverModule {}
