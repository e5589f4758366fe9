import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { INotificationQueueItem } from '@rc/contracts';
import { Mailer } from '@rc/mailer';
import { NotificationQueueRepository, SubscriptionsRepository } from '@rc/models';
import { APP_CONFIG, MetricsService } from '@rc/platform';
import { SettingsCache } from '@rc/settings';
import type { Counter } from 'prom-client';
import type { CoreConfig } from '../core.env.js';
import { notificationConfig } from './push-payload.js';
import { PushSender } from './push-sender.service.js';
import { RetryableDeliveryError } from './providers/delivery.js';

/**
 * Works `rocketchat_notification_queue` on every core instance, every `NOTIFICATIONS_WORKER_TIMEOUT` ms (and
 * at once when this instance queued something due now). Each item is claimed atomically (findOneAndUpdate
 * setting `sending` and moving `schedule` to the claim's expiry), so two workers never hold it; a claim not
 * finished within `PUSH_QUEUE_LOCK_MS` is a dead worker's and the item is due again, so items survive a restart. The devices already served are recorded on the item, so a
 * retry sends only to the others. A retryable failure comes back after `PUSH_RETRY_BASE_MS × 2^(n−1)`; after
 * `PUSH_MAX_ATTEMPTS` the item is dropped with a log line and `push_notifications_dropped_total`. An item's offline
 * e-mail is sent first (through `@rc/mailer`), recorded like a device so a retry does not mail twice.
 */
@Injectable()
export class NotificationQueueWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotificationQueueWorker.name);
  private timer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  private stopped = false;
  private readonly processed: Counter<'outcome'>;
  private readonly dropped: Counter;

  constructor(
    private readonly queue: NotificationQueueRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly sender: PushSender,
    private readonly settings: SettingsCache,
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: CoreConfig,
    metrics: MetricsService,
  ) {
    this.processed = metrics.counter('push_queue_items_total', 'Notification queue items worked, by outcome', ['outcome']);
    this.dropped = metrics.counter('push_notifications_dropped_total', 'Push notifications given up after their last retry', []);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), this.config.NOTIFICATIONS_WORKER_TIMEOUT);
    this.timer.unref();
    this.kick();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  /** Works the queue now (or right after the pass in progress). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.drain();
  }

  /**
   * `PUSH_WORKER_CONCURRENCY` claim loops until nothing is due (the claims are atomic, so they never share an item),
   * once a first claim found something: an empty queue costs one command a round, not one per loop (eight every
   * `NOTIFICATIONS_WORKER_TIMEOUT` woke core and the database for nothing).
   */
  async drain(): Promise<void> {
    this.running = true;
    try {
      do {
        this.again = false;
        if (this.stopped || !(await this.workOne())) continue;
        await Promise.all(
          Array.from({ length: this.config.PUSH_WORKER_CONCURRENCY }, async () => {
            while (!this.stopped && (await this.workOne()));
          }),
        );
      } while (this.again && !this.stopped);
    } catch (error) {
      this.logger.warn(`notification queue pass failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  /** Claims and works one item; false when none is due. */
  async workOne(): Promise<boolean> {
    const now = new Date();
    const item = await this.queue.claimNext(now, this.config.PUSH_QUEUE_LOCK_MS);
    if (!item) return false;
    // Once the user is being notified, their other waiting items need not wait (Rocket.Chat's clearScheduleByUserId).
    await this.queue.clearScheduleByUser(item.uid, now);
    const claim = item.sending!;
    try {
      await this.deliver(item);
      await this.queue.removeClaimed(item._id, claim);
      this.processed.inc({ outcome: 'sent' });
    } catch (error) {
      const attempts = (item.attempts ?? 0) + 1;
      const reason = (error as Error).message;
      if (!(error instanceof RetryableDeliveryError) || attempts >= this.config.PUSH_MAX_ATTEMPTS) {
        await this.queue.removeClaimed(item._id, claim);
        this.dropped.inc();
        this.processed.inc({ outcome: 'dropped' });
        this.logger.error(`push notification ${item._id} for ${item.uid} dropped after ${attempts} attempt(s): ${reason}`);
      } else {
        const retryAt = new Date(Date.now() + this.config.PUSH_RETRY_BASE_MS * 2 ** (attempts - 1));
        await this.queue.release(item._id, claim, retryAt, attempts, reason);
        this.processed.inc({ outcome: 'retried' });
        this.logger.warn(`push notification ${item._id} failed (attempt ${attempts}), retrying at ${retryAt.toISOString()}: ${reason}`);
      }
    }
    return true;
  }

  private async deliver(item: INotificationQueueItem & { delivered?: string[] }): Promise<void> {
    const delivered = new Set(item.delivered ?? []);
    for (const entry of item.items) {
      if (entry.type !== 'email') continue;
      // Recorded like a device: a retry of the item (a push that failed) does not mail again.
      const key = `email:${entry.data.to}`;
      if (delivered.has(key)) continue;
      try {
        await this.mailer.send({ ...entry.data, kind: 'offline-notification' });
      } catch (error) {
        // The mail server may be back later: retried with the item's backoff, then dropped.
        throw new RetryableDeliveryError(`e-mail not sent: ${(error as Error).message}`);
      }
      await this.queue.markDelivered(item._id, item.sending!, key);
      delivered.add(key);
    }
    if (!item.items.some((entry) => entry.type === 'push')) return;
    const badge = await this.badgeOf(item.uid);
    for (const entry of item.items) {
      if (entry.type !== 'push') continue;
      const config = notificationConfig(
        { Site_Url: this.settings.get<string>('Site_Url') },
        {
          rid: item.rid,
          uid: item.uid,
          mid: item.mid,
          data: entry.data,
          badge,
          idOnly: this.settings.get<boolean>('Push_request_content_from_server'),
          serverId: this.sender.uniqueId(),
        },
      );
      await this.sender.send(config, delivered, (tokenId) => this.queue.markDelivered(item._id, item.sending!, tokenId));
    }
  }

  /** Rocket.Chat's `getBadgeCount`: the unread messages over the user's rooms. */
  private async badgeOf(uid: string): Promise<number> {
    const subscriptions = await this.subscriptions.findByUser(uid);
    return subscriptions.reduce((sum, s) => sum + (s.archived ? 0 : (s.unread ?? 0)), 0);
  }
}
