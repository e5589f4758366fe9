import { beforeEach, describe, expect, it } from '@jest/globals';
import type { AccessService } from '../common/access.service.js';
import type { FoundRoom, FoundUser, RoomSearch, SearchRepository, UserSearch } from '@rc/models';
import { asReal } from '../testing/core-world.js';
import { FakeAccess, fakePageSize, fakeSettings } from '../testing/fake-services.js';
import { SearchService, SPOTLIGHT_USERS } from './search.service.js';

/** SearchRepository in memory: users and rooms by prefix, members, subscriptions; records the room searches. */
class FakeSearch {
  users: Array<FoundUser & { active: boolean }> = [];
  rooms: FoundRoom[] = [];
  members = new Map<string, string[]>();
  joined = new Map<string, string[]>();
  roomSearches: RoomSearch[] = [];
  adminFilters: unknown[] = [];

  findActiveUsers(search: UserSearch) {
    const prefix = search.term.toLowerCase();
    return Promise.resolve(
      this.users
        .filter((u) => u.active && !search.exceptUsernames?.includes(u.username ?? ''))
        .filter((u) => !search.amongIds || search.amongIds.includes(u._id))
        .filter((u) => Object.entries(search.conditions ?? {}).every(([field, value]) => (u as Record<string, unknown>)[field] === value))
        .filter((u) => [u.username, u.name].some((v) => v?.toLowerCase().startsWith(prefix)))
        .slice(0, search.limit),
    );
  }
  findActiveUsersPage(term: string) {
    const users = this.users.filter((u) => u.active && u.username?.startsWith(term));
    return Promise.resolve({ users, total: users.length });
  }
  roommates: string[] = [];
  roommateIdsOf() {
    return Promise.resolve(this.roommates);
  }
  memberIdsOf(rid: string) {
    return Promise.resolve(this.members.get(rid) ?? []);
  }
  roomIdsOf(userId: string) {
    return Promise.resolve(this.joined.get(userId) ?? []);
  }
  directPartnerIdsOf() {
    return Promise.resolve(['u-dm']);
  }
  ownedRoomIdsOf() {
    return Promise.resolve([]);
  }
  findRooms(search: RoomSearch) {
    this.roomSearches.push(search);
    const rooms = this.rooms.filter((r) => r.name?.startsWith(search.term));
    return Promise.resolve({ rooms, total: rooms.length });
  }
  findAdminRooms(filter: unknown) {
    this.adminFilters.push(filter);
    return Promise.resolve({ rooms: [], total: 0 });
  }
}

const alice = { userId: 'alice', username: 'alice' };
const user = (id: string, active = true) => ({ _id: id, username: id, name: id.toUpperCase(), status: 'online' as const, active });
const spotlightRequest = { text: 'u', usernames: [], users: true, rooms: true, mentions: false };

describe('SearchService', () => {
  let search: FakeSearch;
  let access: FakeAccess;
  let service: SearchService;

  beforeEach(() => {
    search = new FakeSearch();
    access = new FakeAccess();
    service = new SearchService(fakePageSize(), asReal<SearchRepository>(search), asReal<AccessService>(access), fakeSettings());
    search.users = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u-dm'].map((id) => user(id));
    search.users.push(user('u0-gone', false));
  });

  it('lists the members of an accessible room first, then outsiders, up to the limit, with public fields only', async () => {
    access.grant('alice', ['view-outside-room', 'view-d-room']);
    search.members.set('r1', ['u5', 'u6']);
    const { users } = await service.spotlight(alice, { ...spotlightRequest, rooms: false, rid: 'r1' });
    expect(users.map((u) => [u.username, u.outside ?? false])).toEqual([
      ['u5', false],
      ['u6', false],
      ['u1', true],
      ['u2', true],
      ['u3', true],
    ]);
    expect(users).toHaveLength(SPOTLIGHT_USERS);
    expect(Object.keys(users[0]).sort()).toEqual(['_id', 'avatarETag', 'name', 'nickname', 'status', 'statusText', 'username']);
  });

  it("does not list a room's members to who cannot read it, and offers only DM partners without view-outside-room", async () => {
    access.canAccess = () => false;
    search.members.set('secret', ['u5']);
    const { users } = await service.spotlight(alice, { ...spotlightRequest, rooms: false, rid: 'secret' });
    expect(users.map((u) => u.username)).toEqual(['u-dm']);
  });

  it('answers no rooms without view-outside-room and view-c-room, and strips the last message without preview-c-room', async () => {
    search.rooms = [{ _id: 'c1', t: 'c', name: 'ux', lastMessage: { msg: 'hi' } } as unknown as FoundRoom];
    expect((await service.spotlight(alice, spotlightRequest)).rooms).toEqual([]);
    access.grant('alice', ['view-outside-room', 'view-c-room']);
    search.joined.set('alice', ['mine']);
    const { rooms } = await service.spotlight(alice, spotlightRequest);
    expect(rooms).toEqual([expect.objectContaining({ _id: 'c1', name: 'ux' })]);
    expect(rooms[0]).not.toHaveProperty('lastMessage');
    // Public channels only, never the caller's own rooms (the clients list those), team rooms only as main rooms.
    expect(search.roomSearches[0]).toMatchObject({ types: ['c'], memberOf: [], publicChannels: true, extra: { _id: { $nin: ['mine'] } } });
    access.grant('alice', 'preview-c-room');
    expect((await service.spotlight(alice, spotlightRequest)).rooms[0]).toHaveProperty('lastMessage', { msg: 'hi' });
  });

  it('autocompletes direct-message partners first, then roommates or (view-outside-room) anyone; exceptions and conditions apply', async () => {
    const names = ({ items }: { items: Array<{ username?: string }> }) => items.map((u) => u.username);
    search.roommates = ['u3', 'u0-gone'];
    expect(names(await service.usersAutocomplete(alice, { term: 'u' }))).toEqual(['u-dm', 'u3']);
    expect(await service.directory(alice, { type: 'users', text: 'u', workspace: 'local', offset: 0, count: 10 })).toEqual({
      result: [],
      count: 0,
      offset: 0,
      total: 0,
    });
    access.grant('alice', 'view-outside-room');
    expect(names(await service.usersAutocomplete(alice, { term: 'u', exceptions: ['u1'] }))).toEqual([
      'u-dm',
      'u2',
      'u3',
      'u4',
      'u5',
      'u6',
    ]);
    expect(names(await service.usersAutocomplete(alice, { term: 'u', conditions: { username: 'u4' } }))).toEqual(['u4']);
    const [first] = (await service.usersAutocomplete(alice, { term: 'u2' })).items;
    expect(Object.keys(first).sort()).toEqual(['_id', 'avatarETag', 'name', 'nickname', 'status', 'statusText', 'username']);
  });

  it('refuses sorts on fields outside the lists, and maps createdAt onto a room’s ts', async () => {
    access.grant('alice', ['view-c-room', 'view-outside-room']);
    const page = (sort: Record<string, 1 | -1>) => ({
      type: 'channels' as const,
      text: '',
      workspace: 'local' as const,
      sort,
      offset: 0,
      count: 10,
    });
    await expect(service.directory(alice, page({ password: 1 }))).rejects.toMatchObject({ code: 'error-invalid-sort' });
    await service.directory(alice, page({ createdAt: -1 }));
    expect(search.roomSearches.at(-1)?.sort).toEqual({ ts: -1 });
    await expect(
      service.directory(alice, { type: 'users', text: '', workspace: 'local', sort: { 'services.password': 1 }, offset: 0, count: 10 }),
    ).rejects.toMatchObject({ code: 'error-invalid-sort' });
  });

  it('gives the administrator room list only with view-room-administration, by the asked types', async () => {
    await expect(service.adminRooms(alice, { filter: '', offset: 0, count: 10 })).rejects.toMatchObject({
      code: 'failure',
      reason: 'error-not-authorized',
    });
    access.grant('alice', 'view-room-administration');
    await service.adminRooms(alice, { types: ['p'], filter: '', offset: 0, count: 10 });
    await service.adminRooms(alice, { types: ['teams'], filter: '', offset: 0, count: 10 });
    expect(search.adminFilters).toEqual([{ t: { $in: ['p'] }, prid: { $exists: false }, teamMain: { $ne: true } }, { teamMain: true }]);
  });
});
