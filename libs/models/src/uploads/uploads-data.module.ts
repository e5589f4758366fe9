import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { UPLOAD_MODEL, UploadSchema } from './upload.schema.js';
import { UploadsRepository } from './uploads.repository.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: UPLOAD_MODEL, schema: UploadSchema }])],
  providers: [UploadsRepository],
  exports: [UploadsRepository],
})
export class UploadsDataModule {}
