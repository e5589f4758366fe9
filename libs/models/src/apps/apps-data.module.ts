import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import {
  APP_JOB_MODEL,
  APP_LOG_MODEL,
  APP_MODEL,
  APP_PACKAGE_MODEL,
  APP_PERSISTENCE_MODEL,
  AppJobSchema,
  AppLogSchema,
  AppPackageSchema,
  AppPersistenceSchema,
  AppSchema,
} from './apps.schemas.js';

/** The apps-engine's collections (its own: no other service writes them). */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: APP_MODEL, schema: AppSchema },
      { name: APP_PACKAGE_MODEL, schema: AppPackageSchema },
      { name: APP_LOG_MODEL, schema: AppLogSchema },
      { name: APP_PERSISTENCE_MODEL, schema: AppPersistenceSchema },
      { name: APP_JOB_MODEL, schema: AppJobSchema },
    ]),
  ],
  exports: [MongooseModule],
})
export class AppsDataModule {}
