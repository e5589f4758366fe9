import { Controller, Module } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { dataExportFileForDownload, roomsExport, usersRequestDataDownload, type RpcParsedRequest } from '@rc/contracts';
import { MailerModule } from '@rc/mailer';
import { DataExportDataModule, JobsDataModule, UploadsDataModule } from '@rc/models';
import { RpcHandler } from '@rc/platform';
import { CommonModule } from '../common/common.module.js';
import { DataExportJob } from './data-export.job.js';
import { DataExportService } from './data-export.service.js';
import { RoomExportService } from './room-export.service.js';

@Controller()
export class DataExportController {
  constructor(
    private readonly exports: DataExportService,
    private readonly roomExports: RoomExportService,
  ) {}

  @RpcHandler(roomsExport)
  exportRoom(@Payload() request: RpcParsedRequest<typeof roomsExport>) {
    return this.roomExports.export(request);
  }

  @RpcHandler(usersRequestDataDownload)
  request(@Payload() request: RpcParsedRequest<typeof usersRequestDataDownload>) {
    return this.exports.request(request);
  }

  @RpcHandler(dataExportFileForDownload)
  file(@Payload() request: RpcParsedRequest<typeof dataExportFileForDownload>) {
    return this.exports.fileForDownload(request);
  }
}

/** Rocket.Chat's user data download (the request, the export job, the zip's access check) and its room export. */
@Module({
  imports: [CommonModule, DataExportDataModule, UploadsDataModule, JobsDataModule, MailerModule],
  controllers: [DataExportController],
  providers: [DataExportService, DataExportJob, RoomExportService],
})
export class DataExportModule {}
