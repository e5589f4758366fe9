import { Module } from '@nestjs/common';
import { StreamHubDataModule } from '@rc/models';
import { RealtimeModule } from '@rc/realtime';
import { ChangeMapper } from './changes/change-mapper.js';
import { StreamHubService } from './changes/stream-hub.service.js';

/** StreamHub: watches MongoDB change streams and publishes the realtime events (exactly one instance). */
@Module({
  imports: [StreamHubDataModule, RealtimeModule.forRoot('stream-hub')],
  providers: [ChangeMapper, StreamHubService],
})
export class StreamHubAppModule {}
