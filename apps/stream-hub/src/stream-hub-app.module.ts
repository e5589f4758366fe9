import { Module } from '@nestjs/common';

/** StreamHub: watches MongoDB change streams and publishes the realtime events (exactly one instance). */
@Module({})
export class StreamHubAppModule {}
