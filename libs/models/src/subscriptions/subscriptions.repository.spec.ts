import { describe, expect, it } from '@jest/globals';
import type { ISubscription } from '@rc/contracts';
import { mongo, type Model } from 'mongoose';
import { SubscriptionsRepository } from './subscriptions.repository.js';

const at = new Date('2026-12-04T23:50:00.000Z');
const STORED: ISubscription[] = [
  {
    _id: 's1',
    rid: 'r1',
    u: { _id: 'u1', username: 'ann' },
    name: 'general',
    fname: 'Général',
    t: 'c',
    ts: at,
    ls: at,
    open: true,
    alert: false,
    unread: 3,
    userMentions: 1,
    groupMentions: 0,
    tunread: ['m1', 'm2'],
    roles: ['owner'],
    desktopNotifications: 'all',
    userHighlights: ['deploy'],
    _updatedAt: at,
  },
  { _id: 's2', rid: 'r1', u: { _id: 'u2', username: 'bob' }, name: 'general', t: 'c', ts: at, open: false, _updatedAt: at },
] as ISubscription[];

/**
 * The driver collection as the member work's reads use it: `find(filter, options).toArray()` answers the stored
 * documents as BSON bytes when asked raw (what the driver's cursor yields), decoded ones otherwise. Records the calls.
 */
function fakeCollection() {
  const finds: Array<{ filter: unknown; options: unknown }> = [];
  const collection = {
    find: (filter: unknown, options?: { raw?: boolean }) => {
      finds.push({ filter, options });
      return { toArray: () => Promise.resolve(options?.raw ? STORED.map((doc) => mongo.BSON.serialize(doc)) : STORED) };
    },
  };
  return { model: { collection } as unknown as Model<ISubscription>, finds };
}

describe('SubscriptionsRepository, the member work reads', () => {
  it.each([
    ['findByRoom', (r: SubscriptionsRepository) => r.findByRoom('r1'), { rid: 'r1' }],
    [
      'findUnalertedOr',
      (r: SubscriptionsRepository) => r.findUnalertedOr('r1', ['u9']),
      {
        rid: 'r1',
        $or: [
          { alert: { $ne: true } },
          { open: { $ne: true } },
          { desktopNotifications: 'all', desktopPrefOrigin: { $ne: 'user' } },
          { 'userHighlights.0': { $exists: true } },
          { 'u._id': { $in: ['u9'] } },
        ],
      },
    ],
  ])('%s asks the driver for raw documents and answers them decoded, as stored', async (_name, read, filter) => {
    const { model, finds } = fakeCollection();
    const found = await read(new SubscriptionsRepository(model));
    expect(finds).toEqual([{ filter, options: { raw: true } }]);
    expect(found).toEqual(STORED);
    expect(found[0].ts).toBeInstanceOf(Date);
    expect(Object.keys(found[0])).toEqual(Object.keys(STORED[0]));
  });
});
