import { z } from 'zod';
import { UsernameField } from '../accounts/user-fields.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import type { Params } from '../core/binding.js';
import { check, Match, type MatchPattern } from '../core/meteor-check.js';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { page, pagination, qsParam } from '../core/wire-params.js';
import { ActorField, EntityIdField, PaginationFields, RoomNameField, type Page } from '../rooms/common-fields.js';
import type { IRoom } from '../typings/room.js';
import type { ITeam } from '../typings/team.js';
import type { UserStatus } from '../typings/user.js';

/** `teamId` / `teamName` as a route receives them. */
const teamSelector = (params: Params) => ({ teamId: params.teamId, teamName: params.teamName });

/**
 * Rocket.Chat's `check()` of a team named by `teamId` or `teamName` (teams.info, members, listRooms,
 * listRoomsOfUser; with `extra` keys, teams.addRooms): any failure reads `Failed Match.OneOf, …`.
 */
export const checkedTeamSelector = (params: Params, extra: Record<string, MatchPattern> = {}) => {
  check(params, Match.OneOf(Match.ObjectIncluding({ teamId: String, ...extra }), Match.ObjectIncluding({ teamName: String, ...extra })));
  return teamSelector(params);
};

/** Which team: Rocket.Chat's `teamId` or `teamName` (one is required; the service says so). */
export const TeamSelectorFields = {
  teamId: EntityIdField.optional(),
  teamName: RoomNameField.optional(),
};

/** `teams.create`'s fields: a team and its main room (a channel for type 0, a group for 1); members by id or username. */
export const CreateTeamFields = z.strictObject({
  name: RoomNameField,
  type: z.union([z.literal(0), z.literal(1)]),
  members: z.array(UsernameField).max(1000).default([]),
  room: z.strictObject({ readOnly: z.boolean().optional() }).optional(),
  owner: EntityIdField.optional(),
  /** The main room's side panel: `null`, or `items` of `channels` / `discussions`, at least one, each once. */
  sidepanel: z
    .strictObject({
      items: z
        .array(z.enum(['channels', 'discussions']))
        .min(1)
        .max(2),
    })
    .refine(({ items }) => new Set(items).size === items.length)
    .nullable()
    .optional(),
});

/** Rocket.Chat's `isValidSidepanel`, refused with its bare `error-invalid-sidepanel`. */
function sidepanelOf(value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (!CreateTeamFields.shape.sidepanel.safeParse(value).success) {
    throw new DomainError(ErrorCode.InvalidSidepanel, 'error-invalid-sidepanel');
  }
  return value;
}

/** Rocket.Chat's `check()` of `teams.create`'s body. */
const CREATE_TEAM_PATTERN = Match.ObjectIncluding({
  name: String,
  type: Match.OneOf(0, 1),
  members: Match.Maybe([String]),
  room: Match.Maybe(Match.Any),
  owner: Match.Maybe(String),
});

/**
 * `teams.create`'s body as Rocket.Chat reads it, after its `create-team` permission check: `check()`, then
 * `isValidSidepanel`; the fields it names, for `CreateTeamFields` to validate.
 */
export function checkedCreateTeamBody(body: Params) {
  check(body, CREATE_TEAM_PATTERN);
  return {
    name: body.name,
    type: body.type,
    members: body.members,
    room: body.room,
    owner: body.owner,
    sidepanel: sidepanelOf(body.sidepanel),
  };
}

/** The body travels as sent: the core checks the permission first, then the body (`checkedCreateTeamBody`). */
export const CreateTeamRequest = z.strictObject({ actor: ActorField, body: z.record(z.string(), z.unknown()) });

export const teamsCreate = defineRpc({
  subject: 'teams.create',
  request: CreateTeamRequest,
  response: as<{ team: ITeam }>(),
}).post('teams.create', { request: ({ body, actor }) => ({ actor, body }) });

/** A team as `teams.list` shows it. */
export type TeamListItem = ITeam & { rooms: number; numberOfUsers: number };

/** `teams.list`: the teams the caller belongs to. */
export const teamsList = defineRpc({
  subject: 'teams.list',
  request: z.strictObject({ actor: ActorField, ...PaginationFields }),
  response: as<Page<TeamListItem>>(),
}).get('teams.list', {
  request: ({ query, actor }) => ({ actor, ...pagination(query) }),
  reply: (result) => page('teams', result),
});

/**
 * `users.listTeams?userId` (the room header's team link): the teams that user belongs to, each with whether they own
 * it; without `view-all-teams`, only the public ones and the private ones the caller is in too.
 */
export const teamsOfUser = defineRpc({
  subject: 'teams.ofUser',
  request: z.strictObject({ actor: ActorField, userId: EntityIdField }),
  response: as<{ teams: Array<ITeam & { isOwner: boolean }> }>(),
}).get('users.listTeams', { request: ({ query, actor }) => ({ actor, userId: query.userId }) });

/** `teams.info`: a team the caller may see (its main room readable, or `view-all-teams`). */
export const teamsInfo = defineRpc({
  subject: 'teams.info',
  request: z.strictObject({ actor: ActorField, ...TeamSelectorFields }),
  response: as<{ teamInfo: ITeam }>(),
}).get('teams.info', { request: ({ query, actor }) => ({ actor, ...checkedTeamSelector(query) }) });

/** A member as `teams.members` lists it. */
export interface TeamMemberView {
  user: { _id: string; username?: string; name?: string; status?: UserStatus };
  roles?: string[];
  /** Who added them (Rocket.Chat's `createdBy`, `{_id, username}`). */
  createdBy: { _id: string; username: string };
  createdAt: Date;
}

/** Rocket.Chat's `check()` of `teams.members`' filters. */
const TEAM_MEMBERS_FILTERS = Match.ObjectIncluding({
  status: Match.Maybe([String]),
  username: Match.Maybe(String),
  name: Match.Maybe(String),
});

/** `teams.members`, filtered by username, name or status. */
export const teamsMembers = defineRpc({
  subject: 'teams.members',
  request: z.strictObject({
    actor: ActorField,
    ...TeamSelectorFields,
    username: z.string().max(64).optional(),
    name: z.string().max(256).optional(),
    /** Any strings, as Rocket.Chat takes (one that is no status matches nobody). */
    status: z.array(z.string().max(64)).max(500).optional(),
    ...PaginationFields,
  }),
  response: as<Page<TeamMemberView>>(),
}).get('teams.members', {
  request: ({ query, actor }) => {
    const selector = checkedTeamSelector(query);
    const filters = { status: qsParam(query, 'status'), username: query.username, name: query.name };
    // The keys sent, as Rocket.Chat checks its query object (a key present as `undefined` would fail `Match.Maybe`).
    check(Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)), TEAM_MEMBERS_FILTERS);
    return { actor, ...selector, ...filters, ...pagination(query) };
  },
  reply: (result) => page('members', result),
});

/** `teams.addMembers` (needs `add-team-member` or `edit-team-member` in the team's main room). */
export const teamsAddMembers = defineRpc({
  subject: 'teams.addMembers',
  request: z.strictObject({
    actor: ActorField,
    ...TeamSelectorFields,
    members: z
      .array(
        z.strictObject({
          userId: EntityIdField,
          roles: z
            // Rocket.Chat's clients send `member` (every team member's role) beside the room roles.
            .array(z.enum(['member', 'owner', 'moderator', 'leader']))
            .max(4)
            .optional(),
        }),
      )
      .min(1)
      .max(1000),
  }),
  response: as<{ ok: true }>(),
}).post('teams.addMembers', {
  request: ({ body, actor }) => ({ actor, ...teamSelector(body), members: body.members }),
  reply: () => ({}),
});

/** `teams.removeMember` (needs `edit-team-member`); also from the given team rooms. */
export const teamsRemoveMember = defineRpc({
  subject: 'teams.removeMember',
  request: z.strictObject({
    actor: ActorField,
    ...TeamSelectorFields,
    userId: EntityIdField,
    rooms: z.array(EntityIdField).max(1000).optional(),
  }),
  response: as<{ ok: true }>(),
}).post('teams.removeMember', {
  request: ({ body, actor }) => ({ actor, ...teamSelector(body), userId: body.userId, rooms: body.rooms }),
  reply: () => ({}),
});

/** `teams.addRooms` (needs `move-room-to-team` in each room): existing rooms become team rooms. */
export const teamsAddRooms = defineRpc({
  subject: 'teams.addRooms',
  request: z.strictObject({ actor: ActorField, ...TeamSelectorFields, rooms: z.array(EntityIdField).min(1).max(1000) }),
  response: as<{ rooms: IRoom[] }>(),
}).post('teams.addRooms', {
  request: ({ body, actor }) => ({ actor, ...checkedTeamSelector(body, { rooms: [String] }), rooms: body.rooms }),
});

/** `teams.removeRoom` (needs `remove-team-channel`): the room leaves the team, and stays. */
export const teamsRemoveRoom = defineRpc({
  subject: 'teams.removeRoom',
  request: z.strictObject({ actor: ActorField, ...TeamSelectorFields, roomId: EntityIdField }),
  response: as<{ room: IRoom }>(),
}).post('teams.removeRoom', { request: ({ body, actor }) => ({ actor, ...teamSelector(body), roomId: body.roomId }) });

/** `teams.listRooms`: the team's rooms the caller may see (all with `view-all-team-channels`). */
export const teamsListRooms = defineRpc({
  subject: 'teams.listRooms',
  request: z.strictObject({
    actor: ActorField,
    ...TeamSelectorFields,
    filter: z.string().max(256).optional(),
    type: z.enum(['autoJoin']).optional(),
    ...PaginationFields,
  }),
  response: as<Page<IRoom>>(),
}).get('teams.listRooms', {
  request: ({ query, actor }) => {
    const team = checkedTeamSelector(query);
    const text = Match.Maybe(String);
    check(query, Match.ObjectIncluding({ filter: text, type: text, offset: text, count: text }));
    return { actor, ...team, filter: query.filter, type: query.type, ...pagination(query) };
  },
  reply: (result) => page('rooms', result),
});

/** `teams.delete` (needs `delete-team`): the main room and `roomsToRemove` are erased, other rooms stay. */
export const teamsDelete = defineRpc({
  subject: 'teams.delete',
  request: z.strictObject({ actor: ActorField, ...TeamSelectorFields, roomsToRemove: z.array(EntityIdField).max(1000).default([]) }),
  response: as<{ ok: true }>(),
}).post('teams.delete', {
  request: ({ body, actor }) => ({ actor, ...teamSelector(body), roomsToRemove: body.roomsToRemove }),
  reply: () => ({}),
});
