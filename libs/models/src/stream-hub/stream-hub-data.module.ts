import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { STREAM_HUB_STATE_MODEL, StreamHubStateSchema } from './stream-hub-state.schema.js';
import { StreamHubStateRepository } from './stream-hub-state.repository.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: STREAM_HUB_STATE_MODEL, schema: StreamHubStateSchema }])],
  providers: [StreamHubStateRepository],
  exports: [StreamHubStateRepository],
})
export class StreamHubDataModule {}
