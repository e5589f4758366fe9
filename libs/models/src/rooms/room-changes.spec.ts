import { describe, expect, it } from '@jest/globals';
import type { EventBus } from '@rc/platform';
import { RoomChanges } from './room-changes.js';

/** An EventBus that records what is published and resolves `flush` when told. */
function recordingBus() {
  const published: Array<{ subject: string; payload: unknown }> = [];
  let flushed!: () => void;
  const flushes: Array<Promise<void>> = [];
  const bus = {
    publish: (event: { name: string }, key: string, payload: unknown) => published.push({ subject: `${event.name}.${key}`, payload }),
    flush: () => {
      const flush = new Promise<void>((resolve) => (flushed = resolve));
      flushes.push(flush);
      return flush;
    },
  } as unknown as EventBus;
  return { bus, published, flushes, flush: () => flushed() };
}

describe('RoomChanges', () => {
  it("tells this process's listeners at once, publishes one rooms.changed per room, and resolves once NATS has them", async () => {
    const { bus, published, flush } = recordingBus();
    const changes = new RoomChanges(bus);
    const heard: string[] = [];
    changes.listen((rid) => heard.push(rid));
    let resolved = false;
    const announced = changes.announce(['r1', 'r2']).then(() => (resolved = true));
    expect(heard).toEqual(['r1', 'r2']);
    expect(published).toEqual([
      { subject: 'rooms.changed.r1', payload: { rid: 'r1' } },
      { subject: 'rooms.changed.r2', payload: { rid: 'r2' } },
    ]);
    await Promise.resolve();
    expect(resolved).toBe(false);
    flush();
    await announced;
    expect(resolved).toBe(true);
  });

  it('announces nothing for no rooms', async () => {
    const { bus, published, flushes } = recordingBus();
    await new RoomChanges(bus).announce([]);
    expect(published).toEqual([]);
    expect(flushes).toEqual([]);
  });

  it('without NATS (or when it fails) only this process hears it, and the write is not failed', async () => {
    const heard: string[] = [];
    const alone = new RoomChanges();
    alone.listen((rid) => heard.push(rid));
    await alone.announce(['r1']);
    const failing = new RoomChanges({
      publish: () => {
        throw new Error('not connected');
      },
    } as unknown as EventBus);
    const stop = failing.listen((rid) => heard.push(rid));
    await expect(failing.announce(['r2'])).resolves.toBeUndefined();
    stop();
    await failing.announce(['r3']);
    expect(heard).toEqual(['r1', 'r2']);
  });
});
