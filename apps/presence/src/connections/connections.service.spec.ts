import { describe, expect, it } from '@jest/globals';
import type { InstancesRepository, UsersSessionsRepository } from '@rc/models';
import type { PresenceService } from '../status/presence.service.js';
import { ConnectionsService } from './connections.service.js';

/** In-memory fakes of the repositories and the status service, recording what they were asked, in order. */
function fakes(registered: 'new' | 'known' | 'stale') {
  const calls: unknown[][] = [];
  const instances = { registerBatch: (...args: unknown[]) => Promise.resolve((calls.push(['registerBatch', ...args]), registered)) };
  const sessions = {
    applyConnectionChanges: (...args: unknown[]) => Promise.resolve(void calls.push(['applyConnectionChanges', ...args])),
  };
  const presence = { refreshMany: (userIds: string[]) => Promise.resolve(void calls.push(['refreshMany', userIds])) };
  const service = new ConnectionsService(
    sessions as unknown as UsersSessionsRepository,
    instances as unknown as InstancesRepository,
    presence as unknown as PresenceService,
  );
  return { service, calls };
}

const batch = {
  instanceId: 'gw-1',
  batch: { epoch: 'e1', sequence: 7 },
  added: [
    { userId: 'alice', connectionId: 'c1' },
    { userId: 'bob', connectionId: 'c2' },
    { userId: 'alice', connectionId: 'c3' },
  ],
  removed: [
    { userId: 'bob', connectionId: 'c0' },
    { userId: 'carol', connectionId: 'c4' },
  ],
};

describe('ConnectionsService.applyChanges', () => {
  it('registers the instance once, writes the connections together, then recomputes each user once', async () => {
    const { service, calls } = fakes('known');
    expect(await service.applyChanges(batch)).toBe(true);
    expect(calls).toEqual([
      ['registerBatch', 'gw-1', 'gateway', { epoch: 'e1', sequence: 7 }],
      ['applyConnectionChanges', 'gw-1', { added: batch.added, removed: batch.removed }],
      ['refreshMany', ['alice', 'bob', 'carol']],
    ]);
  });

  it('tells the gateway when it did not know the instance', async () => {
    const { service, calls } = fakes('new');
    expect(await service.applyChanges(batch)).toBe(false);
    expect(calls).toHaveLength(3);
  });

  it('ignores a batch older than one applied already', async () => {
    const { service, calls } = fakes('stale');
    expect(await service.applyChanges(batch)).toBe(true);
    expect(calls).toEqual([['registerBatch', 'gw-1', 'gateway', { epoch: 'e1', sequence: 7 }]]);
  });
});
