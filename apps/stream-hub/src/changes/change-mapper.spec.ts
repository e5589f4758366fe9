import { describe, expect, it } from '@jest/globals';
import type { RealtimePublisher } from '@rc/realtime';
import { ChangeMapper } from './change-mapper.js';

/** Records the publisher calls (an in-memory fake of RealtimePublisher). */
function recordingPublisher() {
  const calls: Array<[string, ...unknown[]]> = [];
  const publisher = new Proxy(
    {},
    {
      get:
        (_target, method: string) =>
        (...args: unknown[]) =>
          calls.push([method, ...args]),
    },
  ) as unknown as RealtimePublisher;
  return { publisher, calls };
}

const user = (fields: Record<string, unknown>) => ({
  _id: 'u1',
  username: 'bob',
  name: 'Bob',
  roles: ['user'],
  status: 'online',
  ...fields,
});

describe('ChangeMapper', () => {
  it('maps message writes to room-messages and trashed messages to deleteMessage', () => {
    const { publisher, calls } = recordingPublisher();
    const mapper = new ChangeMapper(publisher);
    const message = { _id: 'm1', rid: 'r1', msg: 'hi' };
    mapper.message({ operation: 'insert', id: 'm1', document: message as never });
    mapper.message({ operation: 'update', id: 'm1', document: { ...message, _hidden: true } as never });
    mapper.message({ operation: 'delete', id: 'm1' });
    mapper.trashed({ operation: 'insert', id: 'm1', document: { ...message, __collection__: 'rocketchat_message' } as never });
    expect(calls).toEqual([
      ['messageUpserted', message],
      ['messageDeleted', { _id: 'm1', rid: 'r1' }],
    ]);
  });

  it("never shows core's pending member-work record, and skips the update that only removes it", () => {
    const { publisher, calls } = recordingPublisher();
    const mapper = new ChangeMapper(publisher);
    const message = { _id: 'm1', rid: 'r1', msg: 'hi', _updatedAt: new Date(1) };
    mapper.message({ operation: 'insert', id: 'm1', document: { ...message, _memberWork: new Date(2) } as never });
    mapper.message({ operation: 'update', id: 'm1', document: message as never });
    // A real change after it is published.
    const edited = { ...message, msg: 'hi!', _updatedAt: new Date(3) };
    mapper.message({ operation: 'update', id: 'm1', document: edited as never });
    expect(calls).toEqual([
      ['messageUpserted', message],
      ['messageUpserted', edited],
    ]);
  });

  it('keeps the clearing update unpublished across a restart that carries the pending messages over', () => {
    const before = new ChangeMapper(recordingPublisher().publisher);
    const message = { _id: 'm1', rid: 'r1', msg: 'hi', _updatedAt: new Date(1) };
    before.message({ operation: 'insert', id: 'm1', document: { ...message, _memberWork: new Date(2) } as never });
    const { publisher, calls } = recordingPublisher();
    const after = new ChangeMapper(publisher);
    after.rememberPendingMessages(before.pendingMessages());
    after.message({ operation: 'update', id: 'm1', document: message as never });
    expect(calls).toEqual([]);
    expect(after.pendingMessages()).toEqual([]);
  });

  it('tells status and name changes from other user writes', () => {
    const { publisher, calls } = recordingPublisher();
    const mapper = new ChangeMapper(publisher);
    mapper.user({ operation: 'insert', id: 'u1', document: user({}) as never });
    mapper.user({ operation: 'update', id: 'u1', document: user({ lastLogin: new Date() }) as never });
    expect(calls).toEqual([]);
    mapper.user({ operation: 'update', id: 'u1', document: user({ status: 'away' }) as never });
    mapper.user({ operation: 'update', id: 'u1', document: user({ status: 'away', name: 'Bobby' }) as never });
    expect(calls.map(([method]) => method)).toEqual(['userStatusChanged', 'userNameChanged']);
  });

  it('announces a user not seen since the start (a repeated event is harmless, a missed one is not)', () => {
    const { publisher, calls } = recordingPublisher();
    new ChangeMapper(publisher).user({ operation: 'update', id: 'u1', document: user({}) as never });
    expect(calls.map(([method]) => method)).toEqual(['userStatusChanged', 'userNameChanged']);
  });

  it('maps rooms, subscriptions, roles, permissions and settings with the actions the services use', () => {
    const { publisher, calls } = recordingPublisher();
    const mapper = new ChangeMapper(publisher);
    mapper.room({ operation: 'update', id: 'r1', document: { _id: 'r1' } as never });
    mapper.trashed({ operation: 'insert', id: 'r1', document: { _id: 'r1', __collection__: 'rocketchat_room' } as never });
    mapper.subscription({ operation: 'insert', id: 's1', document: { _id: 's1', rid: 'r1', u: { _id: 'u1' } } as never });
    mapper.role({ operation: 'insert', id: 'bot', document: { _id: 'bot' } as never });
    mapper.role({ operation: 'delete', id: 'bot' });
    mapper.permission({ operation: 'update', id: 'p1', document: { _id: 'p1', roles: [] } });
    mapper.setting({ operation: 'delete', id: 'S1' });
    expect(calls).toEqual([
      ['roomChanged', 'updated', { _id: 'r1' }],
      ['roomChanged', 'removed', { _id: 'r1' }],
      ['subscriptionChanged', 'inserted', { _id: 's1', rid: 'r1', u: { _id: 'u1' } }],
      ['roleChanged', 'changed', { _id: 'bot' }],
      ['roleChanged', 'removed', { _id: 'bot' }],
      ['permissionChanged', 'updated', { _id: 'p1', roles: [] }],
      ['settingChanged', 'removed', { _id: 'S1', value: null, public: false }],
    ]);
  });
});
