import { describe, expect, it } from '@jest/globals';
import type { ISubscription } from '@rc/contracts';
import { applyChange, subscriptionChangesFor } from './unread-counters.js';

const sub = (userId: string, extra: Partial<ISubscription> = {}): ISubscription => ({
  _id: `s-${userId}`,
  rid: 'r',
  u: { _id: userId, username: userId },
  name: 'r',
  t: 'c',
  ts: new Date(0),
  _updatedAt: new Date(0),
  open: true,
  alert: false,
  unread: 0,
  userMentions: 0,
  groupMentions: 0,
  ...extra,
});

const none = { userIds: [], toAll: false, toHere: false };

describe('subscriptionChangesFor', () => {
  it('counts every message as unread in a direct message, and alerts the other member only', () => {
    const changes = subscriptionChangesFor([sub('me'), sub('you')], 'me', 'd', none, 'all_messages');
    expect(changes).toEqual([{ userIds: ['you'], inc: { unread: 1 }, set: { alert: true } }]);
  });

  it('counts user mentions in channels by default, and only alerts the others', () => {
    const subs = [sub('me'), sub('bob'), sub('carol', { alert: true }), sub('dave', { open: false })];
    const changes = subscriptionChangesFor(subs, 'me', 'c', { ...none, userIds: ['bob', 'me'] }, 'user_and_group_mentions_only');
    expect(changes).toEqual([
      { userIds: ['bob'], inc: { userMentions: 1, unread: 1 }, set: { alert: true } },
      { userIds: ['dave'], inc: {}, set: { alert: true, open: true } },
    ]);
  });

  it('counts @all as a group mention for everyone else, in one group', () => {
    const changes = subscriptionChangesFor(
      [sub('me'), sub('a'), sub('b')],
      'me',
      'p',
      { ...none, toAll: true },
      'user_and_group_mentions_only',
    );
    expect(changes).toEqual([{ userIds: ['a', 'b'], inc: { groupMentions: 1, unread: 1 }, set: { alert: true } }]);
  });

  it('leaves subscriptions that would not change alone', () => {
    const changes = subscriptionChangesFor([sub('me'), sub('a', { alert: true })], 'me', 'c', none, 'user_mentions_only');
    expect(changes).toEqual([]);
  });

  it('applies a change to a subscription', () => {
    const at = new Date(5);
    const next = applyChange(sub('a', { unread: 2 }), { userIds: ['a'], inc: { unread: 1, userMentions: 1 }, set: { alert: true } }, at);
    expect(next).toMatchObject({ unread: 3, userMentions: 1, alert: true, _updatedAt: at });
  });
});
