import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TRASH_MODEL, TrashSchema } from './trash.schema.js';
import { TrashRepository } from './trash.repository.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: TRASH_MODEL, schema: TrashSchema }])],
  providers: [TrashRepository],
  exports: [TrashRepository],
})
export class TrashDataModule {}
