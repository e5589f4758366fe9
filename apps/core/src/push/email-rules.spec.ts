import { describe, expect, it } from '@jest/globals';
import type { IMessage, IRoom } from '@rc/contracts';
import { emailRecipients, offlineEmail, type EmailCandidate, type EmailRuleSettings } from './email-rules.js';
import type { MessageFacts } from './push-rules.js';

const settings: EmailRuleSettings = {
  Accounts_AllowEmailNotifications: true,
  Accounts_Default_User_Preferences_emailNotificationMode: 'mentions',
  Notifications_Max_Room_Members: 100,
  Troubleshoot_Disable_Notifications: false,
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
const member = (uid: string, over: Partial<EmailCandidate> = {}): EmailCandidate => ({
  uid,
  statusConnection: 'offline',
  active: true,
  emailNotifications: undefined,
  address: `${uid}@example.test`,
  ...over,
});
const uids = (chosen: Array<{ uid: string }>) => chosen.map((c) => c.uid);

describe('offline e-mail recipients (Rocket.Chat shouldNotifyEmail)', () => {
  it('mails mentions and direct messages to members who are not online, never the sender', () => {
    const members = [
      member('sender'),
      member('a'),
      member('b'),
      member('online', { statusConnection: 'online' }),
      member('away', { statusConnection: 'away' }),
    ];
    expect(uids(emailRecipients(settings, facts({ mentionIds: ['a', 'online', 'away'] }), members))).toEqual(['a', 'away']);
    expect(emailRecipients(settings, facts({ mentionIds: ['a'] }), members)[0]).toEqual({
      uid: 'a',
      address: 'a@example.test',
      hasMentionToUser: true,
    });
    expect(uids(emailRecipients(settings, facts({ roomType: 'd' }), [member('sender'), member('a')]))).toEqual(['a']);
    expect(uids(emailRecipients(settings, facts(), members))).toEqual([]);
  });

  it("honours the member's choice, the server default, and the server switch", () => {
    const members = [member('all', { emailNotifications: 'all' }), member('nothing', { emailNotifications: 'nothing' }), member('none')];
    expect(uids(emailRecipients(settings, facts({ mentionIds: ['nothing', 'none'] }), members))).toEqual(['all', 'none']);
    expect(uids(emailRecipients(settings, facts(), members))).toEqual(['all']);
    const silent = { ...settings, Accounts_Default_User_Preferences_emailNotificationMode: 'nothing' };
    expect(uids(emailRecipients(silent, facts({ mentionIds: ['all', 'none'] }), members))).toEqual(['all']);
    expect(emailRecipients({ ...settings, Accounts_AllowEmailNotifications: false }, facts({ mentionIds: ['none'] }), members)).toEqual([]);
  });

  it('needs a verified address and an active user; @all only in rooms within Notifications_Max_Room_Members', () => {
    const members = [member('a'), member('noaddress', { address: undefined }), member('inactive', { active: false })];
    expect(uids(emailRecipients(settings, facts({ toAll: true }), members))).toEqual(['a']);
    expect(uids(emailRecipients(settings, facts({ toAll: true, roomMembersCount: 500 }), members))).toEqual([]);
    expect(uids(emailRecipients(settings, facts({ toAll: true }), [member('muted', { muteGroupMentions: true })]))).toEqual([]);
    expect(uids(emailRecipients(settings, facts({ mentionIds: ['a'] }), [member('a', { ignored: ['sender'] })]))).toEqual([]);
  });

  it('counts highlight words, and thread replies only for followers', () => {
    expect(uids(emailRecipients(settings, facts({ msg: 'the Deploy failed' }), [member('h', { highlights: ['deploy'] })]))).toEqual(['h']);
    const thread = facts({ isThread: true, toAll: true, threadFollowers: ['f'] });
    expect(uids(emailRecipients(settings, thread, [member('f'), member('other')]))).toEqual(['f']);
  });
});

describe('the offline e-mail (Rocket.Chat getEmailData)', () => {
  const frame = { siteName: 'Acme <Chat>', siteUrl: 'https://chat.example', header: '<html>', footer: '</html>', plainTextOnly: false };
  const content = {
    UI_Use_Real_Name: false,
    Email_notification_show_message: true,
    Offline_DM_Email: '[[Site_Name]] You have been direct messaged by [User]',
    Offline_Mention_Email: '[[Site_Name]] You have been mentioned by [User] in #[Room]',
    Offline_Mention_All_Email: '[User] has posted a message in #[Room]',
  };
  const message = { _id: 'm1', rid: 'r1', msg: 'a <b>bold</b>\nclaim', u: { _id: 's', username: 'sam', name: 'Sam S' } } as IMessage;
  const channel = { _id: 'r1', t: 'c', name: 'general' } as IRoom;

  it('says who mentioned the reader where, escapes the message and links to it', () => {
    const email = offlineEmail(frame, content, { message, room: channel, hasMentionToUser: true });
    expect(email.subject).toBe('[Acme <Chat>] You have been mentioned by sam in #general');
    expect(email.html).toBe(
      '<html><strong>sam</strong> sent a message on <strong>#general</strong>:<br/><br/>a &lt;b&gt;bold&lt;/b&gt;<br/>claim' +
        '<p><a class="btn" href="https://chat.example/channel/general?msg=m1">GO TO MESSAGE</a></p></html>',
    );
    expect(email.text).toContain('a <b>bold</b>');
  });

  it('uses the direct-message subject and the real name when asked, and hides the text when told to', () => {
    const direct = { _id: 'd1', t: 'd' } as IRoom;
    const email = offlineEmail(
      frame,
      { ...content, UI_Use_Real_Name: true, Email_notification_show_message: false },
      { message, room: direct, hasMentionToUser: false },
    );
    expect(email.subject).toBe('[Acme <Chat>] You have been direct messaged by Sam S');
    expect(email.html).toContain('<strong>Sam S</strong> sent you a message<p>');
    expect(email.html).toContain('href="https://chat.example/direct/d1?msg=m1"');
    expect(email.html).not.toContain('bold');
    expect(offlineEmail(frame, content, { message, room: channel, hasMentionToUser: false }).subject).toBe(
      'sam has posted a message in #general',
    );
  });
});
