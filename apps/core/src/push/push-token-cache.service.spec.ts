import { describe, expect, it } from '@jest/globals';
import type { AppTokensRepository } from '@rc/models';
import type { EventBus } from '@rc/platform';
import { PushTokenCache } from './push-token-cache.service.js';

/** The token collection (which users have a device) and the event bus between core instances, in memory. */
function world(withDevices: string[]) {
  const devices = new Set(withDevices);
  const lookups: string[][] = [];
  let gate: Promise<void> | undefined;
  const tokens = {
    async usersWithTokens(userIds: string[]) {
      lookups.push(userIds);
      // Read now, answered later: what a slow query returns.
      const answer = new Set(userIds.filter((id) => devices.has(id)));
      await gate;
      return answer;
    },
  } as unknown as AppTokensRepository;
  const handlers: Array<() => void> = [];
  const published: string[] = [];
  const events = {
    subscribe: (_event: unknown, _key: string, handler: () => void) => (handlers.push(handler), () => undefined),
    publish: (event: { name: string }) => {
      published.push(event.name);
      handlers.forEach((h) => h());
    },
  } as unknown as EventBus;
  const instance = () => {
    const cache = new PushTokenCache(tokens, events);
    cache.onApplicationBootstrap();
    return cache;
  };
  return {
    devices,
    lookups,
    published,
    instance,
    hold: (p: Promise<void> | undefined): void => {
      gate = p;
    },
  };
}

describe('PushTokenCache', () => {
  it('asks the database once per user, then answers from memory', async () => {
    const w = world(['bob']);
    const cache = w.instance();
    expect([...(await cache.usersWithTokens(['bob', 'carol']))]).toEqual(['bob']);
    expect([...(await cache.usersWithTokens(['bob', 'carol']))]).toEqual(['bob']);
    expect([...(await cache.usersWithTokens(['carol', 'dave']))]).toEqual([]);
    expect(w.lookups).toEqual([['bob', 'carol'], ['dave']]);
  });

  it("a token registered through another instance is seen at once: the change drops every instance's cache", async () => {
    const w = world([]);
    const [here, there] = [w.instance(), w.instance()];
    expect((await here.usersWithTokens(['carol'])).size).toBe(0);
    w.devices.add('carol');
    there.changed();
    expect(w.published).toEqual(['events.push-tokens-changed']);
    expect([...(await here.usersWithTokens(['carol']))]).toEqual(['carol']);
  });

  it('does not keep an answer read while a token changed', async () => {
    const w = world([]);
    const cache = w.instance();
    let release!: () => void;
    w.hold(new Promise<void>((resolve) => (release = resolve)));
    const reading = cache.usersWithTokens(['carol']);
    w.devices.add('carol');
    cache.changed();
    release();
    // The read that started before the change answers what it read, but is not cached.
    expect((await reading).size).toBe(0);
    w.hold(undefined);
    expect([...(await cache.usersWithTokens(['carol']))]).toEqual(['carol']);
  });
});
