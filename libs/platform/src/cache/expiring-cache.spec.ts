import { describe, expect, it } from '@jest/globals';
import { ExpiringCache } from './expiring-cache.js';

/** A read that counts its calls and resolves (or rejects) when the test says so. */
function reads() {
  const pending: Array<{ resolve: (v: string) => void; reject: (e: Error) => void }> = [];
  let calls = 0;
  return {
    read: () => {
      calls++;
      return new Promise<string>((resolve, reject) => pending.push({ resolve, reject }));
    },
    calls: () => calls,
    settle: (i: number, value: string | Error) => (value instanceof Error ? pending[i].reject(value) : pending[i].resolve(value)),
  };
}

describe('ExpiringCache', () => {
  it('shares one read between concurrent asks and holds its value until dropped', async () => {
    const cache = new ExpiringCache<string>(60_000, 10);
    const r = reads();
    const both = Promise.all([cache.get('k', r.read), cache.get('k', r.read)]);
    r.settle(0, 'v1');
    expect(await both).toEqual(['v1', 'v1']);
    expect(await cache.get('k', r.read)).toBe('v1');
    expect(r.calls()).toBe(1);
    cache.delete('k');
    const again = cache.get('k', r.read);
    r.settle(1, 'v2');
    expect(await again).toBe('v2');
  });

  it('forgets a failed read, but not a newer one that replaced it', async () => {
    const cache = new ExpiringCache<string>(60_000, 10);
    const r = reads();
    const failing = cache.get('k', r.read);
    cache.clear();
    const newer = cache.get('k', r.read);
    r.settle(0, new Error('down'));
    await expect(failing).rejects.toThrow('down');
    r.settle(1, 'fresh');
    expect(await newer).toBe('fresh');
    expect(await cache.get('k', r.read)).toBe('fresh');
    expect(r.calls()).toBe(2);
  });

  it('starts again empty past its bound, and reads every time with no lifetime', () => {
    const bounded = new ExpiringCache<string>(60_000, 2);
    const r = reads();
    for (const key of ['a', 'b', 'c', 'a']) void bounded.get(key, r.read);
    expect(r.calls()).toBe(4);

    const uncached = new ExpiringCache<string>(0, 10);
    const u = reads();
    void uncached.get('k', u.read);
    void uncached.get('k', u.read);
    expect(u.calls()).toBe(2);
  });
});
