import { Module } from '@nestjs/common';
import { UploadsDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { FileRemover } from './file-remover.service.js';

/** FileRemover alone, for the services that delete messages and rooms (no cycle with the uploads module). */
@Module({
  imports: [CommonModule, UploadsDataModule],
  providers: [FileRemover],
  exports: [FileRemover],
})
export class FileRemoverModule {}
