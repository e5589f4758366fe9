import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG } from '@rc/platform';
import type { CoreConfig } from '../core.env.js';
import { FileRemover } from './file-remover.service.js';

/**
 * Removes uploads that never got their message (`rooms.media` without `rooms.mediaConfirm`) once their
 * `expiresAt` has passed, bodies and metadata, every `UPLOADS_SWEEP_INTERVAL_MS`. Every core instance sweeps;
 * removals are idempotent, so two sweeping at once only repeat each other's work.
 */
@Injectable()
export class ExpiredUploadsSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ExpiredUploadsSweeper.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly remover: FileRemover,
    @Inject(APP_CONFIG) private readonly config: CoreConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.UPLOADS_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      let removed = 0;
      for (let batch = await this.remover.removeExpired(); batch > 0; batch = await this.remover.removeExpired()) removed += batch;
      if (removed) this.logger.log(`removed ${removed} expired uploads`);
    } catch (error) {
      this.logger.warn(`expired uploads sweep failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
