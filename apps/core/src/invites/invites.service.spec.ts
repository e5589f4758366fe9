import { beforeEach, describe, expect, it } from '@jest/globals';
import type { IInvite } from '@rc/contracts';
import type { InvitesRepository } from '@rc/models';
import { asReal, coreWorld, type CoreWorld } from '../testing/core-world.js';
import { InvitesService } from './invites.service.js';

/** InvitesRepository at its interface, in memory. */
class FakeInvites {
  readonly data = new Map<string, IInvite>();
  findReusable(userId: string, rid: string, maxUses: number, days: number, now: Date) {
    const found = [...this.data.values()].find(
      (i) =>
        i.userId === userId &&
        i.rid === rid &&
        i.maxUses === maxUses &&
        i.days === days &&
        (i.expires === null || i.expires > now) &&
        (i.maxUses === 0 || i.uses < i.maxUses),
    );
    return Promise.resolve(found ? { ...found } : null);
  }
  insert(invite: Omit<IInvite, '_updatedAt'>) {
    const stored = { ...invite, _updatedAt: new Date() };
    this.data.set(invite._id, stored);
    return Promise.resolve({ ...stored });
  }
  findById(id: string) {
    const found = this.data.get(id);
    return Promise.resolve(found ? { ...found } : null);
  }
  findByToken(token: string) {
    const found = [...this.data.values()].find((i) => i.inviteToken === token);
    return Promise.resolve(found ? { ...found } : null);
  }
  list() {
    return Promise.resolve([...this.data.values()]);
  }
  takeUse(invite: Pick<IInvite, '_id' | 'maxUses'>) {
    const stored = this.data.get(invite._id);
    if (!stored || (stored.maxUses > 0 && stored.uses >= stored.maxUses)) return Promise.resolve(false);
    stored.uses += 1;
    return Promise.resolve(true);
  }
  removeById(id: string) {
    return Promise.resolve(this.data.delete(id));
  }
}

const owner = { userId: 'owner', username: 'owner' };
const guest = { userId: 'guest', username: 'guest' };
const third = { userId: 'third', username: 'third' };

describe('InvitesService', () => {
  let world: CoreWorld;
  let invites: FakeInvites;
  let service: InvitesService;

  beforeEach(() => {
    world = coreWorld({
      users: [
        { _id: 'owner', username: 'owner' },
        { _id: 'guest', username: 'guest' },
        { _id: 'third', username: 'third' },
      ],
      rooms: [
        { _id: 'g1', t: 'p', name: 'secret', fname: 'secret' },
        { _id: 'd1', t: 'd' },
      ],
      settings: { Site_Url: 'https://chat.example.org/' },
    });
    world.subscribe('g1', 'owner', { roles: ['owner'] });
    world.subscribe('d1', 'owner');
    world.fakeAccess.grant('owner', 'create-invite-links', 'g1').grant('owner', 'create-invite-links', 'd1');
    invites = new FakeInvites();
    service = new InvitesService(
      asReal<InvitesRepository>(invites),
      world.rooms,
      world.subscriptions,
      world.users,
      world.membership,
      world.access,
      world.settings,
      world.realtime,
    );
  });

  it('creates a link with its expiry and URL, announces it to its creator, and reuses it while usable', async () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const invite = await service.findOrCreate(owner, { rid: 'g1', days: 7, maxUses: 5 }, now);
    expect(invite).toMatchObject({ rid: 'g1', userId: 'owner', days: 7, maxUses: 5, uses: 0 });
    expect(invite.expires).toEqual(new Date('2026-12-08T00:00:00Z'));
    expect(invite.url).toBe(`https://chat.example.org/invite/${invite.inviteToken}`);
    expect(world.named('notifyUser')).toEqual([['owner', 'updateInvites', [{ invite: expect.objectContaining({ _id: invite._id }) }]]]);
    expect((await service.findOrCreate(owner, { rid: 'g1', days: 7, maxUses: 5 }, now))._id).toBe(invite._id);
    expect((await service.findOrCreate(owner, { rid: 'g1', days: 0 }, now)).expires).toBeNull();
  });

  it('refuses callers without the permission, rooms they are not in, direct messages and odd limits', async () => {
    await expect(service.findOrCreate(guest, { rid: 'g1' })).rejects.toMatchObject({ code: 'not_authorized' });
    world.fakeAccess.grant('third', 'create-invite-links');
    await expect(service.findOrCreate(third, { rid: 'g1' })).rejects.toMatchObject({ code: 'error-invalid-room' });
    await expect(service.findOrCreate(owner, { rid: 'd1' })).rejects.toMatchObject({ code: 'error-room-type-not-allowed' });
    await expect(service.findOrCreate(owner, { rid: 'g1', days: 2 })).rejects.toMatchObject({ code: 'invalid-number-of-days' });
    await expect(service.findOrCreate(owner, { rid: 'g1', maxUses: 3 })).rejects.toMatchObject({ code: 'invalid-number-of-uses' });
    expect(invites.data.size).toBe(0);
  });

  it('adds the holder to the room, counting a use only for newcomers, until the uses run out', async () => {
    const invite = await service.findOrCreate(owner, { rid: 'g1', maxUses: 1 });
    expect(await service.use(owner, invite.inviteToken)).toEqual({
      room: { rid: 'g1', prid: undefined, fname: 'secret', name: 'secret', t: 'p' },
    });
    expect(invites.data.get(invite._id)?.uses).toBe(0);
    await service.use(guest, invite.inviteToken);
    expect(await world.subscriptions.findByRoomAndUser('g1', 'guest')).not.toBeNull();
    expect(invites.data.get(invite._id)?.uses).toBe(1);
    await expect(service.use(third, invite.inviteToken)).rejects.toMatchObject({ code: 'error-invite-expired' });
    expect(await world.subscriptions.findByRoomAndUser('g1', 'third')).toBeNull();
    expect(await service.isValid(invite.inviteToken)).toEqual({ valid: false });
  });

  it('treats an expired link, an unknown token or a non-string as invalid', async () => {
    const invite = await service.findOrCreate(owner, { rid: 'g1', days: 1 }, new Date(Date.now() - 2 * 24 * 60 * 60 * 1000));
    await expect(service.use(guest, invite.inviteToken)).rejects.toMatchObject({ code: 'error-invite-expired' });
    await expect(service.use(guest, 'nope')).rejects.toMatchObject({ code: 'error-invalid-token' });
    expect(await service.isValid({ $ne: null })).toEqual({ valid: false });
    expect(await service.isValid('nope')).toEqual({ valid: false });
  });

  it('drops the invite of a room that no longer exists when it is presented', async () => {
    const invite = await service.findOrCreate(owner, { rid: 'g1' });
    world.repos.rooms.data.deleteMany({ _id: 'g1' });
    await expect(service.use(guest, invite.inviteToken)).rejects.toMatchObject({ code: 'error-invalid-room' });
    expect(invites.data.has(invite._id)).toBe(false);
  });

  it('removes an invite for its creator or a global holder of the permission only', async () => {
    const invite = await service.findOrCreate(owner, { rid: 'g1' });
    await expect(service.remove(guest, invite._id)).rejects.toMatchObject({ code: 'not_authorized' });
    await expect(service.list(owner)).rejects.toMatchObject({ code: 'not_authorized' });
    expect(await service.remove(owner, invite._id)).toEqual({ ok: true });
    world.fakeAccess.grant('third', 'create-invite-links');
    await expect(service.remove(third, invite._id)).rejects.toMatchObject({ code: 'invalid-invitation-id' });
    expect(await service.list(third)).toEqual([]);
  });
});
