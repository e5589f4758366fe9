import { describe, expect, it } from '@jest/globals';
import type { UserStatus } from '@rc/contracts';
import type { PresenceFields, UsersRepository, UserSession, UserSessionConnection, UsersSessionsRepository } from '@rc/models';
import type { EventBus, RpcClient } from '@rc/platform';
import type { RealtimePublisher } from '@rc/realtime';
import { PresenceService } from './presence.service.js';

const connection = (id: string, status: UserStatus = 'online'): UserSessionConnection => ({
  id,
  instanceId: 'gw-1',
  status,
  _createdAt: new Date(0),
  _updatedAt: new Date(0),
});

/** In-memory fakes of the users and usersSessions repositories, counting queries and writes. */
function fakeStore(users: Array<Partial<PresenceFields> & Pick<PresenceFields, '_id'>>, sessions: UserSession[]) {
  const userById = new Map(users.map((u) => [u._id, { ...u }]));
  const sessionById = new Map(sessions.map((s) => [s._id, s]));
  const counts = { userReads: 0, sessionReads: 0, userWrites: 0 };
  /** Runs after each user write, before it returns (another gateway changing connections meanwhile). */
  let afterWrite: (userId: string) => void = () => undefined;
  const usersRepo = {
    findPresenceById: (id: string) => Promise.resolve((counts.userReads++, userById.get(id) ? { ...userById.get(id)! } : null)),
    findPresenceByIds: (ids: string[]) =>
      Promise.resolve((counts.userReads++, ids.flatMap((id) => (userById.get(id) ? [{ ...userById.get(id)! }] : [])))),
    updatePresence: (id: string, values: Partial<PresenceFields>) => {
      counts.userWrites++;
      const user = userById.get(id)!;
      const changed = Object.entries(values).some(([field, value]) => user[field as keyof PresenceFields] !== value);
      Object.assign(user, values);
      afterWrite(id);
      return Promise.resolve(changed);
    },
  };
  const sessionsRepo = {
    findById: (id: string) => Promise.resolve((counts.sessionReads++, sessionById.get(id) ?? null)),
    findByIds: (ids: string[]) =>
      Promise.resolve((counts.sessionReads++, ids.flatMap((id) => (sessionById.get(id) ? [sessionById.get(id)!] : [])))),
  };
  return {
    usersRepo: usersRepo as unknown as UsersRepository,
    sessionsRepo: sessionsRepo as unknown as UsersSessionsRepository,
    counts,
    user: (id: string) => userById.get(id),
    setConnections: (id: string, connections: UserSessionConnection[]) => sessionById.set(id, { _id: id, connections }),
    onWrite: (fn: (userId: string) => void) => (afterWrite = fn),
  };
}

function presenceService(store: ReturnType<typeof fakeStore>) {
  const announced: Array<{ _id: string; status?: string }> = [];
  /** The internal `users.changed.presence` broadcasts (every write), by user id. */
  const changed: string[] = [];
  const realtime = { userStatusChanged: (user: PresenceFields) => announced.push({ _id: user._id, status: user.status }) };
  const events = {
    publish: (event: { name: string }, key: string, { userId }: { userId: string }) => changed.push(`${event.name}.${key} ${userId}`),
  };
  const service = new PresenceService(
    store.usersRepo,
    store.sessionsRepo,
    realtime as unknown as RealtimePublisher,
    events as unknown as EventBus,
    {} as RpcClient,
  );
  return { service, announced, changed };
}

describe('PresenceService.refreshMany', () => {
  it('reads the users and their connections in two queries, and writes only those whose status changed', async () => {
    const store = fakeStore(
      [
        { _id: 'alice', username: 'alice', status: 'offline', statusConnection: 'offline' },
        { _id: 'bob', username: 'bob', status: 'online', statusConnection: 'online' },
        { _id: 'carol', username: 'carol', status: 'online', statusConnection: 'online' },
        { _id: 'dave', username: 'dave', status: 'busy', statusConnection: 'online', statusDefault: 'busy' },
      ],
      [
        { _id: 'alice', connections: [connection('a1')] },
        { _id: 'bob', connections: [connection('b1'), connection('b2', 'away')] },
        { _id: 'carol', connections: [] },
        { _id: 'dave', connections: [connection('d1', 'away')] },
      ],
    );
    const { service, announced, changed } = presenceService(store);
    await service.refreshMany(['alice', 'bob', 'carol', 'dave', 'nobody']);

    expect(store.user('alice')).toMatchObject({ status: 'online', statusConnection: 'online' });
    expect(store.user('carol')).toMatchObject({ status: 'offline', statusConnection: 'offline' });
    // Dave chose busy: his idle connection changes his connection status, not what others see.
    expect(store.user('dave')).toMatchObject({ status: 'busy', statusConnection: 'away' });
    expect(store.counts.userWrites).toBe(3);
    expect(announced).toEqual([
      { _id: 'alice', status: 'online' },
      { _id: 'carol', status: 'offline' },
    ]);
    // Users and sessions once each; the written users' connections once more, to check they held still.
    expect(store.counts).toMatchObject({ userReads: 1, sessionReads: 2 });
    // Every write is announced to the services that hold presence (dave's too: his connection changed, not his status).
    expect(changed.sort()).toEqual(['alice', 'carol', 'dave'].map((id) => `users.changed.presence ${id}`));
  });

  it("announces an invisible user's connection, which changes no status others see", async () => {
    const store = fakeStore(
      [{ _id: 'eve', username: 'eve', status: 'offline', statusConnection: 'offline', statusDefault: 'offline' }],
      [{ _id: 'eve', connections: [connection('e1')] }],
    );
    const { service, announced, changed } = presenceService(store);
    await service.refresh('eve');
    expect(store.user('eve')).toMatchObject({ status: 'offline', statusConnection: 'online' });
    expect(announced).toEqual([]);
    expect(changed).toEqual(['users.changed.presence eve']);
  });

  it('costs no write at all when nobody changed', async () => {
    const store = fakeStore(
      [{ _id: 'bob', username: 'bob', status: 'online', statusConnection: 'online' }],
      [{ _id: 'bob', connections: [connection('b1')] }],
    );
    const { service, announced, changed } = presenceService(store);
    await service.refreshMany(['bob']);
    expect(store.counts).toEqual({ userReads: 1, sessionReads: 1, userWrites: 0 });
    expect(announced).toEqual([]);
    expect(changed).toEqual([]);
  });

  it('recomputes a user whose connections changed while their status was written', async () => {
    const store = fakeStore(
      [{ _id: 'alice', username: 'alice', status: 'offline', statusConnection: 'offline' }],
      [{ _id: 'alice', connections: [connection('a1')] }],
    );
    // Another gateway's close lands while alice is being written online.
    store.onWrite(() => {
      store.onWrite(() => undefined);
      store.setConnections('alice', []);
    });
    const { service, announced } = presenceService(store);
    await service.refreshMany(['alice']);
    expect(store.user('alice')).toMatchObject({ status: 'offline', statusConnection: 'offline' });
    expect(announced).toEqual([
      { _id: 'alice', status: 'online' },
      { _id: 'alice', status: 'offline' },
    ]);
  });
});
