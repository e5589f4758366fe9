import { describe, expect, it } from '@jest/globals';
import type { INotificationQueueItem } from '@rc/contracts';
import type { Mailer } from '@rc/mailer';
import type { NotificationQueueRepository, SubscriptionsRepository } from '@rc/models';
import type { MetricsService } from '@rc/platform';
import type { SettingsCache } from '@rc/settings';
import type { CoreConfig } from '../core.env.js';
import { NotificationQueueWorker } from './notification-queue.worker.js';
import type { PushSender } from './push-sender.service.js';

/** The queue in memory: due items are claimed one at a time, as the collection's findOneAndUpdate does. */
function memoryQueue(count: number) {
  const due = Array.from({ length: count }, (_, i) => ({ _id: `q${i}`, uid: `u${i}`, rid: 'r1', mid: `m${i}`, items: [] }));
  const removed: string[] = [];
  let claims = 0;
  const queue = {
    claimNext: (now: Date) => {
      claims++;
      const item = due.shift();
      return Promise.resolve(item ? ({ ...item, sending: now } as unknown as INotificationQueueItem) : null);
    },
    clearScheduleByUser: () => Promise.resolve(),
    removeClaimed: (id: string) => Promise.resolve(void removed.push(id)).then(() => true),
  };
  return { queue: queue as unknown as NotificationQueueRepository, removed, claims: () => claims };
}

function worker(queue: NotificationQueueRepository): NotificationQueueWorker {
  const counter = { inc: () => undefined };
  const metrics = { counter: () => counter } as unknown as MetricsService;
  const config = { PUSH_WORKER_CONCURRENCY: 8, PUSH_QUEUE_LOCK_MS: 60_000, PUSH_MAX_ATTEMPTS: 5, PUSH_RETRY_BASE_MS: 60_000 } as CoreConfig;
  return new NotificationQueueWorker(
    queue,
    {} as SubscriptionsRepository,
    {} as PushSender,
    {} as SettingsCache,
    {} as Mailer,
    config,
    metrics,
  );
}

describe('NotificationQueueWorker', () => {
  it('asks an empty queue once a round, not once per claim loop', async () => {
    const { queue, claims } = memoryQueue(0);
    await worker(queue).drain();
    expect(claims()).toBe(1);
  });

  it('works every due item once something was found, on its concurrent loops', async () => {
    const { queue, removed, claims } = memoryQueue(20);
    await worker(queue).drain();
    expect(removed.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `q${i}`).sort());
    // The first claim, the 19 others, and one empty claim ending each of the 8 loops.
    expect(claims()).toBe(1 + 19 + 8);
  });
});
