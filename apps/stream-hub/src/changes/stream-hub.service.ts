import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { StreamHubStateRepository } from '@rc/models';
import { EventBus, InjectConfig } from '@rc/platform';
import type { Connection } from 'mongoose';
import type { StreamHubConfig } from '../stream-hub.env.js';
import { ChangeMapper } from './change-mapper.js';
import { CollectionWatcher } from './collection-watcher.js';
import { WATCHED_COLLECTIONS } from './watched-collections.js';

const MESSAGES = 'rocketchat_message';

/**
 * StreamHub: when it is the realtime source (REALTIME_SOURCE=stream-hub), follows the change streams of the
 * collections clients are told about and publishes the same events the services publish directly. Runs as
 * exactly one instance (two would publish every event twice).
 */
@Injectable()
export class StreamHubService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('StreamHub');
  private readonly watchers: CollectionWatcher[] = [];

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @InjectConfig() private readonly config: StreamHubConfig,
    private readonly mapper: ChangeMapper,
    private readonly states: StreamHubStateRepository,
    private readonly events: EventBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.REALTIME_SOURCE !== 'stream-hub') {
      this.logger.log('realtime source is "direct": stream-hub stays idle');
      return;
    }
    const db = this.connection.db;
    if (!db) throw new Error('no database connection');
    const tokens = {
      load: (collection: string) => this.states.findResumeToken(collection),
      save: (collection: string, token: unknown) => this.states.saveResumeToken(collection, token),
    };
    this.mapper.rememberPendingMessages(await this.states.findPendingMessages(MESSAGES));
    for (const { collection, map } of WATCHED_COLLECTIONS) {
      this.watchers.push(
        new CollectionWatcher(
          db.collection(collection),
          (change) => map(this.mapper, change),
          tokens,
          () => this.events.flush(),
          { saveIntervalMs: this.config.STREAM_HUB_SAVE_INTERVAL_MS, retryMs: this.config.STREAM_HUB_RETRY_MS },
          this.logger,
        ),
      );
    }
    await Promise.all(this.watchers.map((w) => w.start()));
    this.logger.log(`watching ${this.watchers.map((w) => w.name).join(', ')}`);
  }

  /** Before NATS closes: stop reading, and save each position once its events are out. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.watchers.map((w) => w.stop()));
    if (this.watchers.length) await this.states.savePendingMessages(MESSAGES, this.mapper.pendingMessages());
  }
}
