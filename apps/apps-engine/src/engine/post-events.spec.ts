import { describe, expect, it } from '@jest/globals';
import type { Logger } from '@nestjs/common';
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata/AppInterface.js';
import type { IMessage, IRoom } from '@rc/contracts';
import type { UsersRepository } from '@rc/models';
import type { EventBus } from '@rc/platform';
import { PostEvents } from './post-events.js';

type Handler = (payload: Record<string, unknown>, key: string) => void;

/** An event bus holding its subscriptions in memory: which events are subscribed, under which queue. */
function memoryBus() {
  const subscribed = new Map<string, { handler: Handler; queue?: string }>();
  const bus = {
    subscribe: (event: { name: string }, _key: string, handler: Handler, options: { queue?: string } = {}) => {
      subscribed.set(event.name, { handler, queue: options.queue });
      return () => subscribed.delete(event.name);
    },
  };
  return { bus: bus as unknown as EventBus, subscribed };
}

/** The engine's listener manager as PostEvents reads it: which interfaces have listeners, and what ran. */
function listenersOf(listening: Set<string>) {
  const executed: Array<[string, unknown]> = [];
  return {
    executed,
    manager: {
      getListeners: (event: string) => (listening.has(event) ? [{}] : []),
      executeListener: (event: string, data: unknown) => Promise.resolve(void executed.push([event, data])),
    },
  };
}

const users = { findById: () => Promise.resolve(null), findByUsername: () => Promise.resolve(null) } as unknown as UsersRepository;
const logger = { warn: () => undefined } as unknown as Logger;
const room = { _id: 'r1', name: 'general', t: 'c' } as IRoom;
const message = (fields: Partial<IMessage> = {}) =>
  ({ _id: 'm1', rid: 'r1', msg: 'hi', u: { _id: 'u1', username: 'alice' }, ...fields }) as IMessage;

describe('PostEvents', () => {
  it('subscribes to no event while no app listens, so no message wakes the engine', () => {
    const { bus, subscribed } = memoryBus();
    const { manager } = listenersOf(new Set());
    new PostEvents(
      bus,
      () => manager as never,
      users,
      () => Promise.resolve({} as never),
      logger,
    ).follow();
    expect(subscribed.size).toBe(0);
  });

  it('subscribes once some app listens (one queue for every instance), and stops when none does any more', () => {
    const { bus, subscribed } = memoryBus();
    const listening = new Set<string>([AppInterface.IPostUserCreated]);
    const { manager } = listenersOf(listening);
    const events = new PostEvents(
      bus,
      () => manager as never,
      users,
      () => Promise.resolve({} as never),
      logger,
    );
    events.follow();
    expect([...subscribed.keys()].sort()).toEqual([
      'events.message-created',
      'events.message-edited',
      'events.room-created',
      'events.user-created',
    ]);
    expect(new Set([...subscribed.values()].map((s) => s.queue))).toEqual(new Set(['apps-engine.post-send']));
    events.follow(); // nothing changed: the same subscriptions, not a second set
    expect(subscribed.size).toBe(4);
    listening.clear();
    events.follow();
    expect(subscribed.size).toBe(0);
  });

  it('runs IPostMessageSent for a user message only, and no listener that no app has', async () => {
    const { bus, subscribed } = memoryBus();
    const { manager, executed } = listenersOf(new Set([AppInterface.IPostMessageSent]));
    const events = new PostEvents(
      bus,
      () => manager as never,
      users,
      (m) => Promise.resolve({ id: m._id } as never),
      logger,
    );
    events.follow();
    const created = subscribed.get('events.message-created')!.handler;
    created({ message: message(), room }, 'r1');
    created({ message: message({ _id: 'm2', t: 'uj' }), room }, 'r1'); // nobody listens to joins
    created({ message: message({ _id: 'm3', t: 'rm' }), room }, 'r1'); // a system message is no IPostMessageSent
    await new Promise((resolve) => setImmediate(resolve));
    expect(executed).toEqual([[AppInterface.IPostMessageSent, { id: 'm1' }]]);
  });
});
