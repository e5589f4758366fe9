import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EXPORT_OPERATION_MODEL, ExportOperationSchema, USER_DATA_FILE_MODEL, UserDataFileSchema } from './export-operation.schema.js';
import { ExportOperationsRepository, UserDataFilesRepository } from './export-operations.repository.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: EXPORT_OPERATION_MODEL, schema: ExportOperationSchema },
      { name: USER_DATA_FILE_MODEL, schema: UserDataFileSchema },
    ]),
  ],
  providers: [ExportOperationsRepository, UserDataFilesRepository],
  exports: [ExportOperationsRepository, UserDataFilesRepository],
})
export class DataExportDataModule {}
