import { describe, expect, it } from '@jest/globals';
import { pushRecipients, scheduleFor, shouldNotifyMobile, type MessageFacts, type PushRuleSettings, type Recipient } from './push-rules.js';

const settings: PushRuleSettings = {
  Push_enable: true,
  Troubleshoot_Disable_Notifications: false,
  Accounts_Default_User_Preferences_pushNotifications: 'all',
  Notifications_Max_Room_Members: 100,
};
const facts = (over: Partial<MessageFacts> = {}): MessageFacts => ({
  senderId: 'sender',
  msg: 'hello there',
  roomType: 'c',
  mentionIds: [],
  toAll: false,
  toHere: false,
  isThread: false,
  threadFollowers: [],
  roomMembersCount: 3,
  ...over,
});
const sub = (id: string, over: Partial<Recipient> = {}): Recipient => ({ u: { _id: id, username: id }, ...over });

describe('push recipients (Rocket.Chat rules)', () => {
  it('leaves the sender out and notifies everyone else under the server default "all"', () => {
    expect(pushRecipients(settings, facts(), [sub('sender'), sub('a'), sub('b')])).toEqual(['a', 'b']);
  });

  it('under the server default "mentions", only the mentioned and DMs', () => {
    const s = { ...settings, Accounts_Default_User_Preferences_pushNotifications: 'mentions' as const };
    expect(pushRecipients(s, facts({ mentionIds: ['b'] }), [sub('a'), sub('b')])).toEqual(['b']);
    expect(pushRecipients(s, facts({ roomType: 'd' }), [sub('a'), sub('sender')])).toEqual(['a']);
    expect(pushRecipients(s, facts({ toAll: true }), [sub('a')])).toEqual(['a']);
  });

  it("honours the subscription's choice over the server's", () => {
    const subs = [
      sub('all', { mobilePushNotifications: 'all' }),
      sub('mentions', { mobilePushNotifications: 'mentions' }),
      sub('nothing', { mobilePushNotifications: 'nothing' }),
    ];
    const s = { ...settings, Accounts_Default_User_Preferences_pushNotifications: 'nothing' as const };
    expect(pushRecipients(s, facts(), subs)).toEqual(['all']);
    expect(pushRecipients(s, facts({ mentionIds: ['mentions', 'nothing'] }), subs)).toEqual(['all', 'mentions']);
    // "nothing" holds even in a direct message and for a mention.
    expect(pushRecipients(settings, facts({ roomType: 'd', mentionIds: ['nothing'] }), subs)).toEqual(['all', 'mentions']);
  });

  it('skips disabled notifications, ignored senders and muted group mentions (unless named)', () => {
    const subs = [
      sub('off', { disableNotifications: true }),
      sub('ignores', { ignored: ['sender'] }),
      sub('muted', { muteGroupMentions: true }),
      sub('plain'),
    ];
    expect(pushRecipients(settings, facts({ toAll: true }), subs)).toEqual(['plain']);
    expect(pushRecipients(settings, facts({ toAll: true, mentionIds: ['muted'] }), subs)).toEqual(['muted', 'plain']);
  });

  it('a thread reply reaches its followers and those mentioned, not the rest', () => {
    const thread = facts({ isThread: true, threadFollowers: ['follower'], mentionIds: ['named'] });
    expect(pushRecipients(settings, thread, [sub('follower'), sub('named'), sub('other')])).toEqual(['follower', 'named']);
  });

  it('a highlight word notifies under "mentions"', () => {
    const s = { ...settings, Accounts_Default_User_Preferences_pushNotifications: 'mentions' as const };
    expect(
      pushRecipients(s, facts({ msg: 'the Deploy is done' }), [
        sub('a', { userHighlights: ['deploy'] }),
        sub('b', { userHighlights: ['ploy'] }),
      ]),
    ).toEqual(['a']);
  });

  it('rooms over Notifications_Max_Room_Members only notify mentions and explicit choices', () => {
    const big = facts({ roomMembersCount: 101, toAll: true, mentionIds: ['named'] });
    expect(pushRecipients(settings, big, [sub('default'), sub('named'), sub('chose', { mobilePushNotifications: 'all' })])).toEqual([
      'named',
      'chose',
    ]);
  });

  it('nothing at all when Push_enable is off or notifications are disabled for troubleshooting', () => {
    expect(pushRecipients({ ...settings, Push_enable: false }, facts(), [sub('a')])).toEqual([]);
    expect(pushRecipients({ ...settings, Troubleshoot_Disable_Notifications: true }, facts(), [sub('a')])).toEqual([]);
    expect(
      shouldNotifyMobile(
        { ...settings, Push_enable: false },
        {
          disableAllMessageNotifications: false,
          mobilePushNotifications: 'all',
          hasMentionToAll: false,
          isHighlighted: false,
          hasMentionToUser: true,
          hasReplyToThread: false,
          roomType: 'd',
          isThread: false,
        },
      ),
    ).toBe(false);
  });

  it('schedules by connection status: online waits, away and offline go at once, a negative delay never', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const delays = { online: 120, away: 0, offline: -1 };
    expect(scheduleFor('online', delays, now)).toEqual(new Date('2026-01-01T00:02:00Z'));
    expect(scheduleFor('away', delays, now)).toBeUndefined();
    expect(scheduleFor(undefined, delays, now)).toBeNull();
  });
});
