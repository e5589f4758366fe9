import { describe, expect, it, jest } from '@jest/globals';
import type { EventBus, InboundEvents } from '@rc/platform';
import { CorePeers } from './core-peers.js';

type Announcement = { instanceId: string; hello: boolean };

/** Core instances on one in-memory bus: what one publishes, every subscriber hears (itself too, as over NATS). */
function bus() {
  const handlers: Array<(payload: Announcement) => void> = [];
  const published: Announcement[] = [];
  const events = {
    subscribe: (_event: unknown, _key: string, handler: (p: Announcement) => void) => (handlers.push(handler), () => undefined),
  };
  const eventBus = {
    publish: (_event: unknown, _key: string, payload: Announcement) => {
      published.push(payload);
      for (const handler of [...handlers]) handler(payload);
    },
  };
  const instance = (id: string) => new CorePeers(eventBus as unknown as EventBus, events as unknown as InboundEvents, { INSTANCE_ID: id });
  return { instance, published };
}

describe('CorePeers', () => {
  it('is alone until another instance says hello; the newcomer hears the others at once', () => {
    const { instance, published } = bus();
    const first = instance('core-1');
    first.onApplicationBootstrap();
    expect(first.alone()).toBe(true); // its own hello does not count
    const second = instance('core-2');
    second.onApplicationBootstrap();
    expect(first.alone()).toBe(false);
    expect(second.alone()).toBe(false); // core-1 answered the hello
    expect(published).toEqual([
      { instanceId: 'core-1', hello: true },
      { instanceId: 'core-2', hello: true },
      { instanceId: 'core-1', hello: false },
    ]);
    first.onModuleDestroy();
    second.onModuleDestroy();
  });

  it('is alone again once the other instance has not been heard for three heartbeats', () => {
    jest.useFakeTimers({ now: new Date('2026-12-07T00:00:00Z') });
    try {
      const { instance } = bus();
      const first = instance('core-1');
      const second = instance('core-2');
      first.onApplicationBootstrap();
      second.onApplicationBootstrap();
      second.onModuleDestroy(); // stops its heartbeats
      jest.setSystemTime(new Date('2026-12-07T00:00:29Z'));
      expect(first.alone()).toBe(false);
      jest.setSystemTime(new Date('2026-12-07T00:00:31Z'));
      expect(first.alone()).toBe(true);
      first.onModuleDestroy();
    } finally {
      jest.useRealTimers();
    }
  });
});
