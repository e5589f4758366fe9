import { describe, expect, it } from '@jest/globals';
import type { RoleOrderedMember } from '@rc/contracts';
import { orderByRole, rolePriority } from './members-by-role.js';

const member = (username: string, extra: Partial<RoleOrderedMember> = {}): RoleOrderedMember => ({ _id: username, username, ...extra });
const names = (members: RoleOrderedMember[]) => members.map((m) => m.username);

describe('members ordered by role', () => {
  it("places a member by their highest room role, Rocket.Chat's priorities", () => {
    expect(rolePriority(['owner', 'moderator'])).toBe(0);
    expect(rolePriority(['leader'])).toBe(250);
    expect(rolePriority(['moderator'])).toBe(500);
    expect(rolePriority(undefined)).toBe(10000);
    expect(rolePriority(['some-custom-role'])).toBe(10000);
  });

  it('lists owners, leaders, moderators, then the others; within each, not offline first, then by username', () => {
    const members = [
      member('zed', { status: 'online' }),
      member('amy', { status: 'offline' }),
      member('mod', { roles: ['moderator'], status: 'offline' }),
      member('bea', { status: 'away' }),
      member('own', { roles: ['owner'] }),
      member('cat', { status: 'busy' }),
      member('lea', { roles: ['leader'], status: 'online' }),
      member('dan'),
    ];
    // Statuses descending as MongoDB sorts the key (online, busy, away), offline and none after them.
    expect(names(orderByRole(members, {}, false))).toEqual(['own', 'lea', 'mod', 'zed', 'cat', 'bea', 'amy', 'dan']);
    expect(names(orderByRole(members, { rolePriority: -1 }, false))).toEqual(['zed', 'cat', 'bea', 'amy', 'dan', 'mod', 'lea', 'own']);
  });

  it('orders by name with UI_Use_Real_Name, unless the caller sorts by username', () => {
    const members = [member('a', { name: 'Zoe' }), member('b', { name: 'Adam' }), member('c')];
    expect(names(orderByRole(members, {}, true))).toEqual(['c', 'b', 'a']);
    expect(names(orderByRole(members, { username: -1 }, true))).toEqual(['c', 'b', 'a']);
    expect(names(orderByRole(members, { username: 1 }, false))).toEqual(['a', 'b', 'c']);
  });

  it('compares usernames by code unit, as MongoDB does without a collation', () => {
    expect(names(orderByRole([member('bob'), member('Zed'), member('alice')], {}, false))).toEqual(['Zed', 'alice', 'bob']);
  });

  it('leaves the given list as it was', () => {
    const members = [member('b'), member('a')];
    orderByRole(members, {}, false);
    expect(names(members)).toEqual(['b', 'a']);
  });
});
