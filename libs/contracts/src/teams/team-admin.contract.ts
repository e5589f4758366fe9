import { z } from 'zod';
import { as } from '../core/phantom.js';
import { check, Match } from '../core/meteor-check.js';
import { defineRpc } from '../core/rpc-contract.js';
import type { Params } from '../core/binding.js';
import { pagination, page, sort } from '../core/wire-params.js';
import { ActorField, EntityIdField, PaginationFields, RoomNameField, SortField, type Page } from '../rooms/common-fields.js';
import type { IRoom } from '../typings/room.js';
import type { ITeam } from '../typings/team.js';
import { checkedTeamSelector, TeamSelectorFields, type TeamListItem } from './teams.contract.js';

/**
 * The rest of Rocket.Chat's `teams.*` family (`apps/meteor/app/api/server/v1/teams.ts` over its Team service):
 * renaming and retyping a team, its rooms' auto-join flag, leaving, the member's roles, the lists the team views
 * use, the autocomplete, and turning rooms into teams and back.
 */

const teamSelector = (params: Params) => ({ teamId: params.teamId, teamName: params.teamName });

/** `teams.update` (needs `edit-team` in the main room): a new name and/or type; the main room follows. */
export const teamsUpdate = defineRpc({
  subject: 'teams.update',
  request: z.strictObject({
    actor: ActorField,
    ...TeamSelectorFields,
    data: z
      .strictObject({ name: RoomNameField.optional(), type: z.union([z.literal(0), z.literal(1)]).optional() })
      .refine((data) => data.name !== undefined || data.type !== undefined, { message: 'data needs a name or a type' }),
  }),
  response: as<{ ok: true }>(),
}).post('teams.update', {
  request: ({ body, actor }) => ({ actor, ...teamSelector(body), data: body.data }),
  reply: () => ({}),
});

/** `teams.updateRoom` (needs `edit-team-channel`): a team room's auto-join flag; turning it on adds every member. */
export const teamsUpdateRoom = defineRpc({
  subject: 'teams.updateRoom',
  request: z.strictObject({ actor: ActorField, roomId: EntityIdField, isDefault: z.boolean() }),
  response: as<{ room: IRoom }>(),
}).post('teams.updateRoom', {
  request: ({ body, actor }) => {
    check(body, Match.ObjectIncluding({ roomId: String, isDefault: Boolean }));
    return { actor, roomId: body.roomId, isDefault: body.isDefault };
  },
});

/** `teams.leave`: the caller leaves the team (never its last owner), and the given team rooms with it. */
export const teamsLeave = defineRpc({
  subject: 'teams.leave',
  request: z.strictObject({ actor: ActorField, ...TeamSelectorFields, rooms: z.array(EntityIdField).min(1).max(1000).optional() }),
  response: as<{ ok: true }>(),
}).post('teams.leave', {
  request: ({ body, actor }) => ({ actor, ...teamSelector(body), rooms: body.rooms }),
  reply: () => ({}),
});

/** `teams.updateMember` (needs `edit-team-member`): a member's team roles, mirrored on their main-room subscription. */
export const teamsUpdateMember = defineRpc({
  subject: 'teams.updateMember',
  request: z.strictObject({
    actor: ActorField,
    ...TeamSelectorFields,
    member: z.strictObject({ userId: EntityIdField, roles: z.array(z.string().min(1).max(64)).max(10).nullish() }),
  }),
  response: as<{ ok: true }>(),
}).post('teams.updateMember', {
  request: ({ body, actor }) => ({ actor, ...teamSelector(body), member: body.member }),
  reply: () => ({}),
});

/** A team room as `teams.listRoomsOfUser` lists it: whether the user is its last owner. */
export type TeamRoomOfUser = IRoom & { isLastOwner: boolean };

/**
 * `teams.listRoomsOfUser`: the team rooms a user is in (the caller's own, or anyone's with
 * `view-all-team-channels`); with `canUserDelete`, only those the user may delete (the leave/remove dialogs).
 */
export const teamsListRoomsOfUser = defineRpc({
  subject: 'teams.listRoomsOfUser',
  request: z.strictObject({
    actor: ActorField,
    ...TeamSelectorFields,
    userId: EntityIdField,
    canUserDelete: z.boolean().default(false),
    ...PaginationFields,
  }),
  response: as<Page<TeamRoomOfUser>>(),
}).get('teams.listRoomsOfUser', {
  request: ({ query, actor }) => {
    const team = checkedTeamSelector(query);
    const text = Match.Maybe(String);
    check(query, Match.ObjectIncluding({ userId: String, canUserDelete: text, offset: text, count: text }));
    return {
      actor,
      ...team,
      userId: query.userId,
      // Rocket.Chat: `canUserDelete === 'true'`, anything else is false.
      canUserDelete: query.canUserDelete === 'true',
      ...pagination(query),
    };
  },
  // Rocket.Chat answers `offset: 0` whatever was asked.
  reply: (result) => ({ ...page('rooms', result), offset: 0 }),
});

/** `teams.listAll` (needs `view-all-teams`): every team, with its number of rooms and members. */
export const teamsListAll = defineRpc({
  subject: 'teams.listAll',
  request: z.strictObject({ actor: ActorField, ...PaginationFields }),
  response: as<Page<TeamListItem>>(),
}).get('teams.listAll', {
  request: ({ query, actor }) => ({ actor, ...pagination(query) }),
  reply: (result) => page('teams', result),
});

/**
 * `teams.listChildren` (the room side panel): the team's rooms the caller may see and the main room's
 * discussions, by team id, name or any of its rooms; members of the team only.
 */
export const teamsListChildren = defineRpc({
  subject: 'teams.listChildren',
  request: z.strictObject({
    actor: ActorField,
    ...TeamSelectorFields,
    roomId: EntityIdField.optional(),
    filter: z.string().max(256).optional(),
    type: z.enum(['channels', 'discussions']).optional(),
    sort: SortField.optional(),
    ...PaginationFields,
  }),
  response: as<{ total: number; data: IRoom[]; offset: number; count: number }>(),
})
  .get('teams.listChildren', {
    request: ({ query, actor }) => ({
      actor,
      ...teamSelector(query),
      roomId: query.roomId,
      filter: query.filter,
      type: query.type,
      sort: sort(query.sort),
      ...pagination(query),
    }),
  })
  /** Its older name (Rocket.Chat 6): by team only, both kinds. */
  .get('teams.listRoomsAndDiscussions', {
    request: ({ query, actor }) => ({
      actor,
      ...teamSelector(query),
      roomId: undefined,
      filter: query.filter,
      type: undefined,
      sort: sort(query.sort),
      ...pagination(query),
    }),
  });

/** A team as `teams.autocomplete` offers it: its main room's names. */
export type TeamAutocompleteItem = Pick<IRoom, '_id' | 'name' | 'fname' | 't' | 'teamId' | 'avatarETag'>;

/** `teams.autocomplete?name=`: up to ten teams by name prefix, public ones and the caller's. */
export const teamsAutocomplete = defineRpc({
  subject: 'teams.autocomplete',
  request: z.strictObject({ actor: ActorField, name: z.string().max(256) }),
  response: as<{ teams: TeamAutocompleteItem[] }>(),
}).get('teams.autocomplete', {
  request: ({ query, actor }) => {
    check(query, Match.ObjectIncluding({ name: String }));
    return { actor, name: query.name };
  },
});

/** `teams.convertToChannel` (needs `convert-team`): the team goes, its main room stays as a room; `roomsToRemove` are erased. */
export const teamsConvertToChannel = defineRpc({
  subject: 'teams.convertToChannel',
  request: z.strictObject({ actor: ActorField, ...TeamSelectorFields, roomsToRemove: z.array(EntityIdField).max(1000).default([]) }),
  response: as<{ ok: true }>(),
}).post('teams.convertToChannel', {
  request: ({ body, actor }) => ({ actor, ...teamSelector(body), roomsToRemove: body.roomsToRemove }),
  reply: () => ({}),
});

/**
 * `channels.convertToTeam` (`channelId` / `channelName`; needs `create-team`, and `edit-room` in the channel) and
 * `groups.convertToTeam` (`roomId` / `roomName`; both permissions in the group): the room becomes a team's main
 * room, its members the team's, the caller its owner.
 */
export const roomsConvertToTeam = defineRpc({
  subject: 'rooms.convertToTeam',
  request: z.strictObject({
    actor: ActorField,
    t: z.enum(['c', 'p']),
    roomId: EntityIdField.optional(),
    roomName: RoomNameField.optional(),
  }),
  response: as<{ team: ITeam }>(),
})
  .post('channels.convertToTeam', {
    request: ({ body, actor }) => ({ actor, t: 'c', roomId: body.channelId, roomName: body.channelName }),
  })
  .post('groups.convertToTeam', { request: ({ body, actor }) => ({ actor, t: 'p', roomId: body.roomId, roomName: body.roomName }) });
