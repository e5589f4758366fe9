import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { JOB_RUN_MODEL, JobRunSchema } from './job-run.schema.js';
import { JobRunsRepository } from './job-runs.repository.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: JOB_RUN_MODEL, schema: JobRunSchema }])],
  providers: [JobRunsRepository],
  exports: [JobRunsRepository],
})
export class JobsDataModule {}
