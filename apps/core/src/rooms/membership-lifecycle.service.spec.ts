import { describe, expect, it } from '@jest/globals';
import { MembershipLifecycleService } from './membership-lifecycle.service.js';

/** The service with in-memory fakes: a user in no room, the given erasure setting, and maybe rocket.cat. */
function lifecycle(erasure: string, heir?: { _id: string; username: string }) {
  const calls: unknown[][] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push([name, ...args]);
      return Promise.resolve(1);
    };
  const service = new MembershipLifecycleService(
    {} as never,
    {} as never,
    { findByUser: () => Promise.resolve([]) } as never,
    { deleteByAuthor: record('deleteByAuthor'), reassignAuthor: record('reassignAuthor') } as never,
    { findRoomUserById: (id: string) => Promise.resolve(heir && id === heir._id ? heir : null) } as never,
    { deleteByUser: () => Promise.resolve(undefined) } as never,
    {} as never,
    {} as never,
    { get: () => erasure } as never,
    {} as never,
  );
  return { service, calls };
}

describe("a deleted user's messages (Message_ErasureType)", () => {
  it('Delete: erased, and clients are to drop theirs', async () => {
    const { service, calls } = lifecycle('Delete');
    await expect(service.removeUserEverywhere('u1')).resolves.toEqual({ left: 0, messages: { messageErasureType: 'Delete' } });
    expect(calls).toEqual([['deleteByAuthor', 'u1']]);
  });

  it('Unlink: reassigned to rocket.cat under "Removed User"', async () => {
    const cat = { _id: 'rocket.cat', username: 'rocket.cat' };
    const { service, calls } = lifecycle('Unlink', cat);
    await expect(service.removeUserEverywhere('u1')).resolves.toEqual({
      left: 0,
      messages: { messageErasureType: 'Unlink', replaceByUser: { ...cat, alias: 'Removed User' } },
    });
    expect(calls).toEqual([['reassignAuthor', 'u1', cat, 'Removed User']]);
  });

  it('Unlink without rocket.cat, and Keep: kept as they are, nothing to tell', async () => {
    for (const erasure of ['Unlink', 'Keep']) {
      const { service, calls } = lifecycle(erasure);
      await expect(service.removeUserEverywhere('u1')).resolves.toEqual({ left: 0, messages: { messageErasureType: 'Keep' } });
      expect(calls).toEqual([]);
    }
  });
});
