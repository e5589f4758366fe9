import { describe, expect, it } from '@jest/globals';
import type { MessageFacts } from '../../push/push-rules.js';
import { desktopRecipients, shouldNotifyDesktop, type DesktopRecipient, type DesktopRuleSettings } from './desktop-rules.js';

const SETTINGS: DesktopRuleSettings = {
  Troubleshoot_Disable_Notifications: false,
  Accounts_Default_User_Preferences_desktopNotifications: 'all',
  Notifications_Max_Room_Members: 100,
};
const BASE = {
  disableAllMessageNotifications: false,
  status: 'online' as const,
  statusConnection: 'online' as const,
  desktopNotifications: undefined,
  hasMentionToAll: false,
  hasMentionToHere: false,
  isHighlighted: false,
  hasMentionToUser: false,
  hasReplyToThread: false,
  roomType: 'c' as const,
  isThread: false,
};

describe('shouldNotifyDesktop (Rocket.Chat 7 rules)', () => {
  it.each([
    ['a plain message, server default all', {}, SETTINGS, true],
    [
      'a plain message, server default mentions',
      {},
      { ...SETTINGS, Accounts_Default_User_Preferences_desktopNotifications: 'mentions' as const },
      false,
    ],
    [
      'a mention, server default mentions',
      { hasMentionToUser: true },
      { ...SETTINGS, Accounts_Default_User_Preferences_desktopNotifications: 'mentions' as const },
      true,
    ],
    [
      'a mention, server default nothing',
      { hasMentionToUser: true },
      { ...SETTINGS, Accounts_Default_User_Preferences_desktopNotifications: 'nothing' as const },
      false,
    ],
    [
      'the member chose all, server default nothing',
      { desktopNotifications: 'all' as const },
      { ...SETTINGS, Accounts_Default_User_Preferences_desktopNotifications: 'nothing' as const },
      true,
    ],
    ['the member chose nothing, mentioned', { desktopNotifications: 'nothing' as const, hasMentionToUser: true }, SETTINGS, false],
    ['the member chose mentions, plain', { desktopNotifications: 'mentions' as const }, SETTINGS, false],
    ['the member chose mentions, @here', { desktopNotifications: 'mentions' as const, hasMentionToHere: true }, SETTINGS, true],
    ['busy, mentioned', { status: 'busy' as const, hasMentionToUser: true }, SETTINGS, false],
    ['not connected, a direct message', { statusConnection: 'offline' as const, roomType: 'd' as const }, SETTINGS, false],
    [
      'away, a direct message',
      { status: 'away' as const, statusConnection: 'away' as const, roomType: 'd' as const, desktopNotifications: 'mentions' as const },
      SETTINGS,
      true,
    ],
    ['a large room, no choice, plain', { disableAllMessageNotifications: true }, SETTINGS, false],
    [
      'a large room, @all, choice mentions',
      { disableAllMessageNotifications: true, hasMentionToAll: true, desktopNotifications: 'mentions' as const },
      SETTINGS,
      false,
    ],
    ['a large room, the room chose all', { disableAllMessageNotifications: true, desktopNotifications: 'all' as const }, SETTINGS, true],
    ['a large room, highlighted', { disableAllMessageNotifications: true, isHighlighted: true }, SETTINGS, true],
    ['a thread reply the member does not follow', { isThread: true }, SETTINGS, false],
    ['a thread reply the member follows', { isThread: true, hasReplyToThread: true }, SETTINGS, true],
  ])('%s: %s', (_name, facts, settings, expected) => {
    expect(shouldNotifyDesktop(settings, { ...BASE, ...facts })).toBe(expected);
  });
});

describe('desktopRecipients', () => {
  const facts: MessageFacts = {
    senderId: 'alice',
    msg: 'hello there',
    roomType: 'c',
    mentionIds: [],
    toAll: true,
    toHere: false,
    isThread: false,
    threadFollowers: [],
    roomMembersCount: 4,
  };
  const member = (id: string, extra: Partial<DesktopRecipient> = {}): DesktopRecipient => ({ u: { _id: id, username: id }, ...extra });
  const online = { status: 'online' as const, statusConnection: 'online' as const };

  it('never the sender, a member who disabled the room, ignores the sender or muted group mentions; only the connected', () => {
    const subscriptions = [
      member('alice'),
      member('bob'),
      member('carol', { disableNotifications: true }),
      member('dave', { ignored: ['alice'] }),
      member('erin', { muteGroupMentions: true }),
      member('frank'),
    ];
    const presence = new Map(['alice', 'bob', 'carol', 'dave', 'erin'].map((id) => [id, online]));
    expect(desktopRecipients(SETTINGS, facts, subscriptions, presence)).toEqual(['bob']);
    // Without presence every member counts as connected (who may be notified).
    expect(desktopRecipients(SETTINGS, facts, subscriptions)).toEqual(['bob', 'frank']);
    expect(desktopRecipients({ ...SETTINGS, Troubleshoot_Disable_Notifications: true }, facts, subscriptions, presence)).toEqual([]);
  });
});
