import { describe, expect, it } from '@jest/globals';
import type { IMessage, IOutgoingIntegration, IRoom } from '@rc/contracts';
import { OUTGOING_EVENT_USES } from './integration-rules.js';
import { buildOutgoingPayload, triggerTable, triggersFor } from './outgoing-payload.js';

const ts = new Date('2026-12-03T00:00:00Z');
const room = { _id: 'r1', t: 'c', name: 'general', ts } as IRoom;
const message = { _id: 'm1', rid: 'r1', msg: 'deploy now', ts, u: { _id: 'u1', username: 'alice' }, _updatedAt: ts } as IMessage;
const trigger = { token: 'tok' };

describe('buildOutgoingPayload', () => {
  it("sends Rocket.Chat's sendMessage fields", () => {
    const data = buildOutgoingPayload(
      trigger,
      { event: 'sendMessage', message, room },
      { triggerWord: 'deploy', siteUrl: 'http://chat.test' },
    );
    expect(data).toEqual({
      token: 'tok',
      bot: false,
      trigger_word: 'deploy',
      channel_id: 'r1',
      channel_name: 'general',
      message_id: 'm1',
      timestamp: ts,
      user_id: 'u1',
      user_name: 'alice',
      text: 'deploy now',
      siteUrl: 'http://chat.test',
    });
  });

  it('marks bots, edits, threads and aliases', () => {
    const data = buildOutgoingPayload(
      trigger,
      { event: 'sendMessage', message: { ...message, bot: { i: 'x' }, editedAt: ts, tmid: 't1', alias: 'CI' }, room },
      { siteUrl: '' },
    );
    expect(data).toMatchObject({ bot: true, isEdited: true, tmid: 't1', alias: 'CI' });
    expect(data).not.toHaveProperty('trigger_word');
  });

  it('carries the user, room and message of an upload, never credentials', () => {
    const user = { _id: 'u1', username: 'alice', services: { password: { bcrypt: 'secret' } } };
    const data = buildOutgoingPayload(trigger, { event: 'fileUploaded', message, room, user }, { siteUrl: '' })!;
    expect(data.user).toEqual({ _id: 'u1', username: 'alice' });
    expect(data).toMatchObject({ room, message, text: 'deploy now' });
    expect(JSON.stringify(data)).not.toContain('secret');
  });

  it('describes room and user events', () => {
    const now = new Date('2026-12-03T01:00:00Z');
    expect(
      buildOutgoingPayload(trigger, { event: 'roomCreated', room, owner: { _id: 'u2', username: 'bob' } }, { siteUrl: '' }),
    ).toMatchObject({
      channel_id: 'r1',
      user_id: 'u2',
      user_name: 'bob',
      owner: { _id: 'u2', username: 'bob' },
      timestamp: ts,
    });
    expect(
      buildOutgoingPayload(
        trigger,
        { event: 'roomJoined', room, user: { _id: 'b', username: 'robot', type: 'bot' } },
        { siteUrl: '', now },
      ),
    ).toMatchObject({ channel_name: 'general', user_name: 'robot', bot: true, timestamp: now });
    expect(
      buildOutgoingPayload(trigger, { event: 'userCreated', user: { _id: 'u3', username: 'carol', createdAt: ts } }, { siteUrl: '' }),
    ).toEqual({
      token: 'tok',
      bot: false,
      timestamp: ts,
      user_id: 'u3',
      user_name: 'carol',
      user: { _id: 'u3', username: 'carol', createdAt: ts },
    });
  });

  it('has nothing to send when the event lacks its subject', () => {
    expect(buildOutgoingPayload(trigger, { event: 'sendMessage', room }, { siteUrl: '' })).toBeUndefined();
    expect(buildOutgoingPayload(trigger, { event: 'roomLeft', room }, { siteUrl: '' })).toBeUndefined();
  });
});

describe('triggersFor', () => {
  const hook = (id: string, event: IOutgoingIntegration['event'], channel: string[]) =>
    ({ _id: id, event, channel }) as IOutgoingIntegration;
  const table = triggerTable(
    [
      hook('byName', 'sendMessage', ['#general']),
      hook('byId', 'sendMessage', ['#r1']),
      hook('everywhere', 'sendMessage', []),
      hook('groups', 'sendMessage', ['all_private_groups']),
      hook('toBob', 'sendMessage', ['@bob']),
      hook('users', 'userCreated', ['#ignored']),
    ],
    (event) => OUTGOING_EVENT_USES[event].channel,
  );
  const ids = (found: IOutgoingIntegration[]) => found.map((one) => one._id).sort();

  it('finds the triggers of a public channel by id, name and scope, and those of no room', () => {
    expect(ids(triggersFor(table, room))).toEqual(['byId', 'byName', 'everywhere', 'users']);
  });

  it('finds group and direct-message triggers', () => {
    expect(ids(triggersFor(table, { _id: 'g1', t: 'p', name: 'ops' }))).toEqual(['groups', 'users']);
    expect(ids(triggersFor(table, { _id: 'd1', t: 'd', uids: ['a', 'b'], usernames: ['alice', 'bob'] }, 'alice'))).toEqual([
      'toBob',
      'users',
    ]);
    expect(ids(triggersFor(table, { _id: 'd1', t: 'd', uids: ['a', 'b'], usernames: ['alice', 'bob'] }, 'bob'))).toEqual(['users']);
  });
});
