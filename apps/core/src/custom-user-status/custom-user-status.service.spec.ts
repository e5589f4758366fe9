import { beforeEach, describe, expect, it } from '@jest/globals';
import type { ICustomUserStatus } from '@rc/contracts';
import type { CustomizationsRepository } from '@rc/models';
import { asReal, coreWorld, type CoreWorld } from '../testing/core-world.js';
import { CustomUserStatusService } from './custom-user-status.service.js';
import { fakePageSize } from '../testing/fake-services.js';

/** The custom-status half of CustomizationsRepository, in memory. */
class FakeStatuses {
  readonly data = new Map<string, ICustomUserStatus>();
  private next = 0;
  findUserStatusById(id: string) {
    return Promise.resolve(this.data.get(id) ?? null);
  }
  userStatusNameTaken(name: string, exceptId?: string) {
    return Promise.resolve([...this.data.values()].some((s) => s.name === name && s._id !== exceptId));
  }
  insertUserStatus(status: { name: string; statusType: string }) {
    const stored = { _id: `s${++this.next}`, ...status, _updatedAt: new Date() };
    this.data.set(stored._id, stored);
    return Promise.resolve(stored);
  }
  updateUserStatus(id: string, changes: { name: string; statusType?: string }) {
    const current = this.data.get(id);
    if (!current) return Promise.resolve(null);
    const updated = { ...current, ...changes };
    this.data.set(id, updated);
    return Promise.resolve(updated);
  }
  deleteUserStatus(id: string) {
    return Promise.resolve(this.data.delete(id));
  }
}

const admin = { userId: 'admin', username: 'admin' };
const user = { userId: 'user', username: 'user' };

describe('CustomUserStatusService', () => {
  let world: CoreWorld;
  let statuses: FakeStatuses;
  let service: CustomUserStatusService;

  beforeEach(() => {
    world = coreWorld();
    world.fakeAccess.grant('admin', 'manage-user-status');
    statuses = new FakeStatuses();
    service = new CustomUserStatusService(fakePageSize(), asReal<CustomizationsRepository>(statuses), world.access, world.realtime);
  });

  it('creates and updates statuses, announcing each to logged-in users', async () => {
    const { customUserStatus, created } = await service.save(admin, { name: ' Lunch ', statusType: 'away' });
    expect({ created, customUserStatus }).toMatchObject({ created: true, customUserStatus: { name: 'Lunch', statusType: 'away' } });
    const updated = await service.save(admin, { _id: customUserStatus._id, name: 'Lunch break' });
    expect(updated).toMatchObject({ created: false, customUserStatus: { name: 'Lunch break', statusType: 'away' } });
    // Renaming a status to its own name is not a clash.
    await service.save(admin, { _id: customUserStatus._id, name: 'Lunch break', statusType: 'busy' });
    expect(
      world.named('notifyLogged').map(([event, args]) => [event, (args as [{ userStatusData: { name: string } }])[0].userStatusData.name]),
    ).toEqual([
      ['updateCustomUserStatus', 'Lunch'],
      ['updateCustomUserStatus', 'Lunch break'],
      ['updateCustomUserStatus', 'Lunch break'],
    ]);
  });

  it('refuses bad names, unknown types, duplicates, unknown ids and callers without manage-user-status', async () => {
    const { customUserStatus } = await service.save(admin, { name: 'Taken' });
    const refused: Array<[Promise<unknown>, string]> = [
      [service.save(user, { name: 'Mine' }), 'not_authorized'],
      [service.save(admin, { name: '  ' }), 'error-the-field-is-required'],
      [service.save(admin, { name: 'a&b' }), 'error-input-is-not-a-valid-field'],
      [service.save(admin, { name: 'Odd', statusType: 'sleepy' }), 'error-input-is-not-a-valid-field'],
      [service.save(admin, { name: 'Taken' }), 'Custom_User_Status_Error_Name_Already_In_Use'],
      [service.save(admin, { _id: 'nope', name: 'Ghost' }), 'Custom_User_Status_Error_Invalid_User_Status'],
      [service.delete(user, customUserStatus._id), 'not_authorized'],
      [service.delete(admin, 'nope'), 'Custom_User_Status_Error_Invalid_User_Status'],
    ];
    for (const [promise, code] of refused) await expect(promise).rejects.toMatchObject({ code });
    expect([...statuses.data.values()].map((s) => s.name)).toEqual(['Taken']);
  });

  it('deletes a status and announces it with its last state', async () => {
    const { customUserStatus } = await service.save(admin, { name: 'Gone', statusType: 'offline' });
    expect(await service.delete(admin, customUserStatus._id)).toEqual({ ok: true });
    expect(statuses.data.size).toBe(0);
    expect(world.named('notifyLogged').at(-1)).toEqual(['deleteCustomUserStatus', [{ userStatusData: customUserStatus }]]);
  });
});
