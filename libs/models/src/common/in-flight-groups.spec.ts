import { describe, expect, it } from '@jest/globals';
import { InFlightGroups, type Outcome } from './in-flight-groups.js';

/** A `send` that records its groups and answers each item doubled, once released. */
function recorder() {
  const groups: number[][] = [];
  const releases: Array<() => void> = [];
  const groupsOf = new InFlightGroups<number, number>(async (items) => {
    groups.push(items);
    await new Promise<void>((resolve) => releases.push(resolve));
    return items.map((n): Outcome<number> => (n < 0 ? { ok: false, error: new Error(`negative ${n}`) } : { ok: true, value: n * 2 }));
  });
  const releaseNext = async () => {
    while (releases.length === 0) await Promise.resolve();
    releases.shift()!();
  };
  return { groups, groupsOf, releaseNext };
}

describe('InFlightGroups', () => {
  it('sends the items submitted in one synchronous run as one group, each caller its own outcome', async () => {
    const { groups, groupsOf, releaseNext } = recorder();
    const answers = Promise.allSettled([1, 2, -3, 4].map((n) => groupsOf.submit(n)));
    await releaseNext();
    const settled = await answers;

    expect(groups).toEqual([[1, 2, -3, 4]]);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([2, 4, 'negative -3', 8]);
  });

  it('holds what arrives while a group is in flight, then sends it as the next group; an idle one sends at once', async () => {
    const { groups, groupsOf, releaseNext } = recorder();
    const first = groupsOf.submit(1);
    await Promise.resolve();
    expect(groups).toEqual([[1]]);
    const later = [groupsOf.submit(2), groupsOf.submit(3)];
    await Promise.resolve();
    expect(groups).toEqual([[1]]);
    await releaseNext();
    expect(await first).toBe(2);
    await releaseNext();
    expect(await Promise.all(later)).toEqual([4, 6]);
    expect(groups).toEqual([[1], [2, 3]]);

    const alone = groupsOf.submit(5);
    await releaseNext();
    expect(await alone).toBe(10);
    expect(groups).toEqual([[1], [2, 3], [5]]);
  });

  it('rejects every item of a group whose send failed, and goes on with the next group', async () => {
    let calls = 0;
    const groupsOf = new InFlightGroups<number, number>((items) =>
      calls++ === 0
        ? Promise.reject(new Error('database gone'))
        : Promise.resolve(items.map((n): Outcome<number> => ({ ok: true, value: n }))),
    );
    const failed = await Promise.allSettled([groupsOf.submit(1), groupsOf.submit(2)]);
    expect(failed.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(await groupsOf.submit(3)).toBe(3);
  });
});
