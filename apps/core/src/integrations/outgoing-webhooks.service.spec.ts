import { describe, expect, it } from '@jest/globals';
import type { IOutgoingIntegration } from '@rc/contracts';
import type { IntegrationsRepository } from '@rc/models';
import type { EventBus } from '@rc/platform';
import { OutgoingWebhooksService } from './outgoing-webhooks.service.js';

/** The service with its integrations in memory and the subjects it is subscribed to. */
function world() {
  let stored: IOutgoingIntegration[] = [];
  const subscribed = new Set<string>();
  const events = {
    connected: () => Promise.resolve(),
    subscribe: (event: { name: string }, key: string) => {
      const subject = `${event.name}.${key}`;
      subscribed.add(subject);
      return () => subscribed.delete(subject);
    },
  } as unknown as EventBus;
  const integrations = { findOutgoing: () => Promise.resolve(stored) } as unknown as IntegrationsRepository;
  const unused = {} as never;
  const service = new OutgoingWebhooksService(integrations, unused, unused, unused, unused, events, unused, unused);
  const store = (list: Array<Partial<IOutgoingIntegration>>) => (stored = list as IOutgoingIntegration[]);
  return { service, subscribed, store };
}

const TRIGGERS = ['events.message-created.*', 'events.message-edited.*', 'events.room-created.*', 'events.user-created.*'];

describe('OutgoingWebhooksService', () => {
  it('hears the events that fire webhooks only while an outgoing integration exists', async () => {
    const w = world();
    await w.service.onApplicationBootstrap();
    expect([...w.subscribed]).toEqual(['events.integrations-changed.*']);

    w.store([{ _id: 'i1', type: 'webhook-outgoing', event: 'sendMessage', urls: ['https://example.com/'] }]);
    await w.service.reload();
    expect([...w.subscribed].sort()).toEqual(['events.integrations-changed.*', ...TRIGGERS].sort());
    await w.service.reload();
    expect(w.subscribed.size).toBe(5);

    w.store([]);
    await w.service.reload();
    expect([...w.subscribed]).toEqual(['events.integrations-changed.*']);
  });

  it('stops hearing everything when the app stops, and a reload finishing later subscribes nothing', async () => {
    const w = world();
    w.store([{ _id: 'i1', type: 'webhook-outgoing', event: 'roomCreated', urls: ['https://example.com/'] }]);
    await w.service.onApplicationBootstrap();
    expect(w.subscribed.size).toBe(5);
    w.service.onApplicationShutdown();
    await w.service.reload();
    expect(w.subscribed.size).toBe(0);
  });
});
