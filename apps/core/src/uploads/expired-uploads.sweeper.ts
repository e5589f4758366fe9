import { Injectable } from '@nestjs/common';
import { InjectConfig, PeriodicTask } from '@rc/platform';
import type { CoreConfig } from '../core.env.js';
import { FileRemover } from './file-remover.service.js';

/**
 * Removes uploads that never got their message (`rooms.media` without `rooms.mediaConfirm`) once their
 * `expiresAt` has passed, bodies and metadata, every `UPLOADS_SWEEP_INTERVAL_MS`. Every core instance sweeps;
 * removals are idempotent, so two sweeping at once only repeat each other's work.
 */
@Injectable()
export class ExpiredUploadsSweeper extends PeriodicTask {
  protected readonly intervalMs: number;

  constructor(
    private readonly remover: FileRemover,
    @InjectConfig() config: CoreConfig,
  ) {
    super();
    this.intervalMs = config.UPLOADS_SWEEP_INTERVAL_MS;
  }

  protected async runOnce(): Promise<void> {
    let removed = 0;
    for (let batch = await this.remover.removeExpired(); batch > 0; batch = await this.remover.removeExpired()) removed += batch;
    if (removed) this.logger.log(`removed ${removed} expired uploads`);
  }
}
