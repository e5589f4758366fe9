import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MODERATION_REPORT_MODEL, ModerationReportSchema } from './moderation-report.schema.js';
import { ModerationReportsRepository } from './moderation-reports.repository.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: MODERATION_REPORT_MODEL, schema: ModerationReportSchema }])],
  providers: [ModerationReportsRepository],
  exports: [ModerationReportsRepository],
})
export class ModerationDataModule {}
