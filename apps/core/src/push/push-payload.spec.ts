import { describe, expect, it } from '@jest/globals';
import type { IAppsTokens, IRoom } from '@rc/contracts';
import EJSON from 'ejson';
import {
  apnRequest,
  fcmMessage,
  gatewayRequest,
  NEW_MESSAGE_TEXT,
  notificationConfig,
  notificationId,
  pushData,
  type PushPayloadSettings,
} from './push-payload.js';

const settings: PushPayloadSettings = {
  Push_show_username_room: true,
  Push_show_message: true,
  Push_request_content_from_server: false,
  UI_Use_Real_Name: false,
  Site_Url: 'https://chat.example.com',
};
const channel = { _id: 'r1', t: 'c', name: 'general', muted: ['mutedone'] } as IRoom;
const message = { _id: 'm1', msg: 'hello world', u: { _id: 's1', username: 'alice', name: 'Alice A' } };
const sender = { username: 'alice', name: 'Alice A' };

describe('push payloads', () => {
  it("Rocket.Chat's getPushData for a channel message", () => {
    expect(pushData(settings, { room: channel, message, sender, receiverUsername: 'bob' })).toEqual({
      payload: { sender: message.u, senderName: 'alice', type: 'c', name: 'general' },
      roomName: '#general',
      username: 'alice',
      message: 'hello world',
      category: 'MESSAGE',
    });
  });

  it('privacy: no names without Push_show_username_room, no text without Push_show_message or when the app fetches it', () => {
    const hidden = pushData(
      { ...settings, Push_show_username_room: false, Push_show_message: false },
      { room: channel, message, sender, receiverUsername: 'bob' },
    );
    expect(hidden).toMatchObject({ roomName: '', username: '', message: NEW_MESSAGE_TEXT, payload: { senderName: '', name: '' } });
    expect(pushData({ ...settings, Push_request_content_from_server: true }, { room: channel, message, sender }).message).toBe(
      NEW_MESSAGE_TEXT,
    );
    // push.get asks for the content itself.
    expect(
      pushData({ ...settings, Push_request_content_from_server: true }, { room: channel, message, sender, omitMessage: false }).message,
    ).toBe('hello world');
  });

  it('real names with UI_Use_Real_Name; no reply button for a muted recipient or a read-only room', () => {
    expect(pushData({ ...settings, UI_Use_Real_Name: true }, { room: channel, message, sender, receiverUsername: 'bob' }).username).toBe(
      'Alice A',
    );
    expect(pushData(settings, { room: channel, message, sender, receiverUsername: 'mutedone' }).category).toBe('MESSAGE_NOREPLY');
    expect(pushData(settings, { room: { ...channel, ro: true }, message, sender, receiverUsername: 'bob' }).category).toBe(
      'MESSAGE_NOREPLY',
    );
  });

  it('a direct message is titled by its sender and shows the bare text', () => {
    const dm = { _id: 'd1', t: 'd', uids: ['s1', 'u2'], usernames: ['alice', 'bob'] } as IRoom;
    const data = pushData(settings, { room: dm, message, sender, receiverUsername: 'bob' });
    const config = notificationConfig(settings, { rid: 'd1', uid: 'u2', mid: 'm1', data, badge: 3, idOnly: false, serverId: 'srv' });
    expect(config).toMatchObject({
      title: 'alice',
      text: 'hello world',
      badge: 3,
      sound: 'default',
      from: 'push',
      apn: { category: 'MESSAGE' },
    });
    expect(config.payload).toMatchObject({
      host: 'https://chat.example.com/',
      messageId: 'm1',
      notificationType: 'message',
      rid: 'd1',
      type: 'd',
    });
  });

  it('idOnly: an empty title, the message id only', () => {
    const data = pushData(
      { ...settings, Push_request_content_from_server: true },
      { room: channel, message, sender, receiverUsername: 'bob' },
    );
    const config = notificationConfig(settings, { rid: 'r1', uid: 'u2', mid: 'm1', data, badge: 1, idOnly: true, serverId: 'srv' });
    expect(config.title).toBe('');
    expect(config.text).toBe(NEW_MESSAGE_TEXT);
    expect(config.payload).toEqual({ host: 'https://chat.example.com/', messageId: 'm1', notificationType: 'message-id-only' });
  });

  it('long titles and texts are cut within 65 and 240 characters; notId is a stable 32-bit hash', () => {
    const data = pushData(settings, { room: { ...channel, name: 'x'.repeat(100) }, message: { ...message, msg: 'y'.repeat(500) }, sender });
    const config = notificationConfig(settings, { rid: 'r1', uid: 'u2', mid: 'm1', data, badge: 1, idOnly: false, serverId: 'srv' });
    expect(config.title).toHaveLength(65);
    expect(config.title.endsWith('...')).toBe(true);
    expect(config.text).toHaveLength(240);
    expect(notificationId('srv', 'r1')).toBe(notificationId('srv', 'r1'));
    expect(notificationId('srv', 'r1')).not.toBe(notificationId('srv', 'r2'));
    expect(Number.isInteger(notificationId('srv', 'r1')) && Math.abs(notificationId('srv', 'r1')) < 2 ** 31).toBe(true);
  });

  it('gateway, FCM and APNs shapes', () => {
    const data = pushData(settings, { room: channel, message, sender, receiverUsername: 'bob' });
    const config = notificationConfig(settings, { rid: 'r1', uid: 'u2', mid: 'm1', data, badge: 2, idOnly: false, serverId: 'srv' });
    const at = new Date('2026-01-01T00:00:00Z');
    const apnDevice = { _id: 't1', token: { apn: 'abc' }, appName: 'chat.rocket.ios' } as IAppsTokens;
    const gateway = gatewayRequest(config, apnDevice, 'srv', at);
    expect(gateway.service).toBe('apn');
    expect(gateway.body.token).toBe('abc');
    expect(gateway.body.options).toMatchObject({
      topic: 'chat.rocket.ios',
      uniqueId: 'srv',
      createdBy: '<SERVER>',
      title: '#general',
      text: 'alice: hello world',
    });
    expect(gateway.body.options).not.toHaveProperty('priority');

    const fcm = fcmMessage(config, 'gcm-token');
    expect(fcm.message).toMatchObject({
      token: 'gcm-token',
      notification: { title: '#general', body: 'alice: hello world' },
      android: { priority: 'HIGH' },
    });
    const fcmData = fcm.message.data as Record<string, string>;
    expect(Object.values(fcmData).every((value) => typeof value === 'string')).toBe(true);
    expect(EJSON.parse(fcmData.ejson)).toEqual(config.payload);
    expect(fcmData).toMatchObject({ msgcnt: '2', soundname: 'default', style: 'inbox' });

    const apn = apnRequest(config, 'chat.rocket.ios', at);
    expect(apn.headers).toMatchObject({
      'apns-topic': 'chat.rocket.ios',
      'apns-push-type': 'alert',
      'apns-priority': '10',
      'apns-expiration': String(at.getTime() / 1000 + 3600),
    });
    expect(apn.body.aps).toEqual({
      alert: { title: '#general', body: 'alice: hello world' },
      badge: 2,
      sound: 'default',
      category: 'MESSAGE',
      'thread-id': String(config.notId),
      'mutable-content': 1,
    });
    expect(apn.body.messageFrom).toBe('push');
  });
});
