import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type Actor,
  type AutocompleteRoom,
  type DirectoryEntry,
  type IRoom,
  type RpcParsedRequest,
  type SearchRoom,
  type SearchUser,
  type searchAdminRooms,
  type searchDirectory,
  type searchRoomsAutocompletePage,
  type searchSpotlight,
  type searchUsersAutocomplete,
} from '@rc/contracts';
import { SearchRepository, type FoundRoom, type FoundUser } from '@rc/models';
import { PageSize, SettingsCache } from '@rc/settings';
import type { QueryFilter, SortOrder } from 'mongoose';
import { AccessService } from '../common/access.service.js';

type Req<C> = Omit<RpcParsedRequest<C>, 'actor'>;

/** Rocket.Chat's `Number_of_users_autocomplete_suggestions` default: users in a spotlight answer. */
export const SPOTLIGHT_USERS = 5;
/** Rooms in a spotlight answer (Rocket.Chat's fixed limit). */
export const SPOTLIGHT_ROOMS = 5;
/** Items in an autocomplete answer (Rocket.Chat's fixed limit). */
export const AUTOCOMPLETE_LIMIT = 10;

const ROOM_SORT_FIELDS = new Set(['name', 'fname', 'ts', 'usersCount', 'lastMessage', '_updatedAt', 't']);
const USER_SORT_FIELDS = new Set(['username', 'name', 'createdAt']);

/**
 * Spotlight, the autocompletes, the directory and the administrator's room list. Users are active ones only;
 * rooms are the caller's own and public channels, never a private group they are not in or anyone's DM.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly pageSize: PageSize,
    private readonly search: SearchRepository,
    private readonly access: AccessService,
    private readonly settings: SettingsCache,
  ) {}

  async spotlight(actor: Actor, request: Req<typeof searchSpotlight>): Promise<{ users: SearchUser[]; rooms: SearchRoom[] }> {
    const [users, rooms] = await Promise.all([
      request.users ? this.spotlightUsers(actor, request) : [],
      request.rooms ? this.spotlightRooms(actor, request.text.trim()) : [],
    ]);
    return { users, rooms };
  }

  /**
   * Members of the room searched from first (when the caller may see it), then anyone (`view-outside-room` and
   * `view-d-room`) or, without those, the people the caller has direct messages with.
   */
  private async spotlightUsers(actor: Actor, request: Req<typeof searchSpotlight>): Promise<SearchUser[]> {
    const term = request.text.trim();
    const sortBy = this.settings.get<boolean>('UI_Use_Real_Name') ? 'name' : 'username';
    const fields = searchFields(this.settings.get<string>('Accounts_SearchFields'));
    const except = [...request.usernames];
    const found: SearchUser[] = [];
    const next = async (amongIds: string[] | undefined, outside: boolean) => {
      const limit = SPOTLIGHT_USERS - found.length;
      if (limit <= 0 || (amongIds && !amongIds.length)) return;
      const users = await this.search.findActiveUsers({ term, exceptUsernames: except, amongIds, sortBy, limit, fields });
      for (const user of users) {
        found.push(outside ? { ...publicUser(user), outside: true } : publicUser(user));
        if (user.username) except.push(user.username);
      }
    };
    const canListOutsiders = await this.access.hasPermission(actor.userId, ['view-outside-room', 'view-d-room']);
    if (request.rid && (await this.access.canAccessRoom(actor.userId, request.rid))) {
      await next(await this.search.memberIdsOf(request.rid), false);
    }
    await next(canListOutsiders ? undefined : await this.search.directPartnerIdsOf(actor.userId), true);
    return found;
  }

  /**
   * Public channels whose name starts with the text and which the caller has not joined (the clients search
   * their own subscriptions themselves), as Rocket.Chat; team rooms only as a team's main room.
   */
  private async spotlightRooms(actor: Actor, term: string): Promise<SearchRoom[]> {
    if (!(await this.access.hasPermission(actor.userId, ['view-outside-room', 'view-c-room']))) return [];
    const joined = await this.search.roomIdsOf(actor.userId, ['c', 'p']);
    const { rooms } = await this.search.findRooms({
      term,
      types: ['c'],
      memberOf: [],
      publicChannels: true,
      extra: { $or: [{ teamId: { $exists: false } }, { teamMain: true }], ...(joined.length && { _id: { $nin: joined } }) },
      sort: { name: 1 },
      skip: 0,
      limit: SPOTLIGHT_ROOMS,
    });
    const preview = await this.access.hasPermission(actor.userId, 'preview-c-room');
    return rooms.map(({ _id, t, name, fname, teamMain, lastMessage, prid, joinCodeRequired }) => ({
      _id,
      t,
      name,
      fname,
      teamMain,
      ...(preview && { lastMessage }),
      prid,
      joinCodeRequired,
    }));
  }

  /**
   * `users.autocomplete`, as Rocket.Chat's `findUsersToAutocomplete`: the people the caller has direct messages with
   * first (looked up in `Accounts_SearchFields`), then anyone by username or name (`view-outside-room`) or, without
   * it, the people the caller shares a room with; 10 at most, `exceptions` and `conditions` applied to all.
   */
  async usersAutocomplete(actor: Actor, selector: Req<typeof searchUsersAutocomplete>['selector']): Promise<{ items: SearchUser[] }> {
    const term = selector.term.trim();
    const fields = searchFields(this.settings.get<string>('Accounts_SearchFields'));
    const except = [...(selector.exceptions ?? [])];
    const { conditions } = selector;
    const partners = await this.search.directPartnerIdsOf(actor.userId);
    const contacts = partners.length
      ? await this.search.findActiveUsers({
          term,
          exceptUsernames: except,
          amongIds: partners,
          fields,
          conditions,
          limit: AUTOCOMPLETE_LIMIT,
        })
      : [];
    if (contacts.length >= AUTOCOMPLETE_LIMIT) return { items: contacts.map(publicUser) };
    for (const contact of contacts) if (contact.username) except.push(contact.username);
    const others = (await this.access.hasPermission(actor.userId, 'view-outside-room'))
      ? await this.search.findActiveUsers({ term, exceptUsernames: except, conditions, limit: AUTOCOMPLETE_LIMIT - contacts.length })
      : await this.search.findActiveUsers({
          term,
          exceptUsernames: except,
          amongIds: await this.search.roommateIdsOf(actor.userId),
          fields,
          conditions,
          limit: AUTOCOMPLETE_LIMIT,
        });
    return { items: [...contacts, ...others].map(publicUser) };
  }

  /** `rooms.autocomplete.channelAndPrivate` (+ `.withPagination`): the caller's channels and groups by name. */
  async roomsAutocomplete(actor: Actor, request: Pick<Req<typeof searchRoomsAutocompletePage>, 'selector' | 'sort' | 'offset' | 'count'>) {
    const memberOf = await this.search.roomIdsOf(actor.userId, ['c', 'p']);
    const { rooms, total } = await this.search.findRooms({
      term: request.selector.name.trim(),
      types: ['c', 'p'],
      memberOf,
      publicChannels: false,
      sort: roomSort(request.sort),
      skip: request.offset,
      limit: this.pageSize.count(request.count),
    });
    return { items: rooms.map(autocompleteRoom), total };
  }

  /** `rooms.autocomplete.availableForTeams`: channels and groups the caller owns that belong to no team. */
  async roomsAvailableForTeams(actor: Actor, name: string): Promise<{ items: AutocompleteRoom[] }> {
    const owned = await this.search.ownedRoomIdsOf(actor.userId);
    const { rooms } = await this.search.findRooms({
      term: name.trim(),
      types: ['c', 'p'],
      memberOf: owned,
      publicChannels: false,
      extra: { teamId: { $exists: false }, teamMain: { $exists: false } },
      sort: { name: 1 },
      skip: 0,
      limit: AUTOCOMPLETE_LIMIT,
    });
    return { items: rooms.map(autocompleteRoom) };
  }

  /** `directory`: public channels, teams the caller may see, or active users; sorted and paged. */
  async directory(actor: Actor, request: Req<typeof searchDirectory>) {
    const offset = request.offset;
    const limit = this.pageSize.count(request.count);
    const term = request.text.trim();
    const answer = (result: DirectoryEntry[], total: number) => ({ result, count: result.length, offset, total });
    if (request.type === 'users') {
      if (!(await this.access.hasPermission(actor.userId, 'view-outside-room'))) return answer([], 0);
      const sort = checkedSort(request.sort ?? { username: 1 }, USER_SORT_FIELDS);
      const { users, total } = await this.search.findActiveUsersPage(term, sort, offset, limit);
      const emails = await this.access.hasPermission(actor.userId, 'view-full-other-user-info');
      return answer(
        users.map((user) => {
          const { status: _s, statusText: _st, ...entry } = user as FoundUser & { emails?: unknown };
          if (!emails) delete (entry as { emails?: unknown }).emails;
          return entry;
        }),
        total,
      );
    }
    if (!(await this.access.hasPermission(actor.userId, 'view-c-room'))) return answer([], 0);
    const teams = request.type === 'teams';
    const { rooms, total } = await this.search.findRooms({
      term,
      types: teams ? ['c', 'p'] : ['c'],
      memberOf: teams ? await this.search.roomIdsOf(actor.userId, ['p']) : [],
      publicChannels: true,
      extra: teams ? { teamMain: true } : {},
      sort: roomSort(request.sort, { usersCount: -1 }),
      skip: offset,
      limit,
    });
    return answer(rooms.map(directoryRoom), total);
  }

  /** `rooms.adminRooms`: every room of the given types, by name prefix, for `view-room-administration`. */
  async adminRooms(actor: Actor, request: Req<typeof searchAdminRooms>) {
    // Rocket.Chat's `findAdminRooms` throws a bare `Error('error-not-authorized')`: 400 with that text alone.
    if (!(await this.access.hasPermission(actor.userId, 'view-room-administration'))) {
      throw new DomainError(ErrorCode.PlainFailure, 'error-not-authorized');
    }
    const types = request.types?.length ? request.types : ['c', 'p', 'd', 'discussions', 'teams'];
    const kinds = types.filter((t): t is IRoom['t'] => t === 'c' || t === 'p' || t === 'd');
    const discussions = types.includes('discussions');
    const teams = types.includes('teams');
    // Rocket.Chat's rule: rooms of the given types, discussions only if asked, team main rooms only if asked.
    const either: QueryFilter<IRoom>[] = [];
    if (kinds.length) either.push({ t: { $in: kinds }, prid: { $exists: false }, teamMain: { $ne: true } });
    if (discussions) either.push({ prid: { $exists: true } });
    if (teams) either.push({ teamMain: true });
    const filter: QueryFilter<IRoom> = either.length === 1 ? either[0] : { $or: either.length ? either : [{ _id: { $in: [] } }] };
    const { rooms, total } = await this.search.findAdminRooms(
      filter,
      request.filter.trim(),
      roomSort(request.sort, { default: -1, name: 1 }),
      request.offset,
      this.pageSize.count(request.count),
    );
    return { rooms, count: rooms.length, offset: request.offset, total };
  }
}

function publicUser({ _id, username, nickname, name, status, statusText, avatarETag }: FoundUser): SearchUser {
  return { _id, username, nickname, name, status, statusText, avatarETag };
}

function autocompleteRoom({ _id, t, name, fname, avatarETag }: FoundRoom): AutocompleteRoom {
  return { _id, t, name, fname, avatarETag };
}

function directoryRoom(room: FoundRoom): DirectoryEntry {
  const { u: _creator, ...entry } = room;
  return entry;
}

/** Rocket.Chat's `createdAt` is a room's `ts`; other fields must be sortable ones. */
function roomSort(sort: Record<string, 1 | -1> | undefined, fallback: Record<string, SortOrder> = { name: 1 }): Record<string, SortOrder> {
  if (!sort || !Object.keys(sort).length) return fallback;
  const mapped = Object.fromEntries(Object.entries(sort).map(([field, order]) => [field === 'createdAt' ? 'ts' : field, order]));
  return checkedSort(mapped, ROOM_SORT_FIELDS);
}

function checkedSort(sort: Record<string, SortOrder>, allowed: Set<string>): Record<string, SortOrder> {
  for (const field of Object.keys(sort)) {
    if (!allowed.has(field)) throw new DomainError(ErrorCode.InvalidSort, `Invalid sort parameter provided: ${field}`);
  }
  return sort;
}

/**
 * `Accounts_SearchFields` ("username, name, bio, nickname"): the user fields spotlight looks a term up in. Paths
 * only (letters, digits, `_`, `.`), never the credentials.
 */
export function searchFields(setting: string | undefined): string[] {
  const fields = (setting ?? '')
    .split(',')
    .map((field) => field.trim())
    .filter((field) => /^[A-Za-z0-9_.]+$/.test(field) && !field.startsWith('services') && !field.startsWith('$'));
  return fields.length ? [...new Set(fields)] : ['username', 'name'];
}
