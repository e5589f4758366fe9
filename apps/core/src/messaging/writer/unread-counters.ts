import type { ISubscription, RoomType } from '@rc/contracts';

/** Rocket.Chat's `Unread_Count` / `Unread_Count_DM` values. */
export type UnreadCountSetting =
  'all_messages' | 'user_mentions_only' | 'group_mentions_only' | 'user_and_group_mentions_only' | 'mentions_only';

export interface MessageMentions {
  /** Users mentioned by name (the sender excluded by the caller or here). */
  userIds: string[];
  toAll: boolean;
  toHere: boolean;
}

/** One change applied to several subscriptions at once. */
export interface SubscriptionChange {
  userIds: string[];
  inc: Partial<Record<'unread' | 'userMentions' | 'groupMentions', number>>;
  set: Partial<Record<'alert' | 'open', true>>;
}

const COUNTS_USER_MENTIONS = new Set(['all_messages', 'user_mentions_only', 'user_and_group_mentions_only', 'mentions_only']);
const COUNTS_GROUP_MENTIONS = new Set(['all_messages', 'group_mentions_only', 'user_and_group_mentions_only', 'mentions_only']);

/**
 * What a new message does to the other members' subscriptions, as Rocket.Chat's `notifyUsersOnMessage`:
 * a user mention counts in `userMentions` (and in `unread` per the setting; always in direct messages), else
 * `@all`/`@here` in `groupMentions`; with `all_messages` every other message counts in `unread`; every other
 * member gets `alert` and `open`. Members with the same change are grouped, so the caller issues one
 * `updateMany` per group (a handful), never one write per member; unchanged subscriptions are left alone.
 */
export function subscriptionChangesFor(
  subscriptions: ISubscription[],
  senderId: string,
  roomType: RoomType,
  mentions: MessageMentions,
  unreadSetting: UnreadCountSetting,
): SubscriptionChange[] {
  const mentioned = new Set(mentions.userIds.filter((id) => id !== senderId));
  const groupMention = mentioned.size === 0 && (mentions.toAll || mentions.toHere);
  const direct = roomType === 'd';
  const groups = new Map<string, SubscriptionChange>();

  for (const subscription of subscriptions) {
    const userId = subscription.u._id;
    if (userId === senderId) continue;
    const inc: SubscriptionChange['inc'] = {};
    if (mentioned.has(userId)) {
      inc.userMentions = 1;
      if (direct || COUNTS_USER_MENTIONS.has(unreadSetting)) inc.unread = 1;
    } else if (groupMention) {
      inc.groupMentions = 1;
      if (direct || COUNTS_GROUP_MENTIONS.has(unreadSetting)) inc.unread = 1;
    } else if (!mentions.toAll && !mentions.toHere && unreadSetting === 'all_messages') {
      inc.unread = 1;
    }
    const set: SubscriptionChange['set'] = {};
    if (subscription.alert !== true) set.alert = true;
    if (subscription.open !== true) set.open = true;
    if (Object.keys(inc).length === 0 && Object.keys(set).length === 0) continue;

    const key = JSON.stringify([inc, set]);
    const group = groups.get(key) ?? { userIds: [], inc, set };
    group.userIds.push(userId);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The subscription as it is after a change (for the realtime event, without reading it back). */
export function applyChange(subscription: ISubscription, change: SubscriptionChange, at: Date): ISubscription {
  const next: ISubscription = { ...subscription, ...change.set, _updatedAt: at };
  for (const [field, by] of Object.entries(change.inc) as Array<[keyof SubscriptionChange['inc'], number]>) {
    next[field] = (subscription[field] ?? 0) + by;
  }
  return next;
}
