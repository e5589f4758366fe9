import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type CreateRoomRequest, type IRoom, type ISubscription } from '@rc/contracts';
import {
  isDuplicateKeyError,
  randomId,
  RoomsRepository,
  UsersRepository,
  SubscriptionsRepository,
  TeamsRepository,
  toUserRef,
  type RoomUser,
} from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { AccessService } from '../common/access.service.js';
import { SystemMessages } from '../messaging/writer/system-messages.service.js';
import { SettingsCache } from '@rc/settings';
import { newSubscription } from './new-subscription.js';
import { nameTaken, validRoomName } from './room-naming.js';

/** Rocket.Chat's `createRoom` for channels and groups (`createChannel`, `createPrivateGroup`). */
@Injectable()
export class RoomCreationService {
  constructor(
    private readonly access: AccessService,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
    private readonly teams: TeamsRepository,
    private readonly settings: SettingsCache,
    private readonly systemMessages: SystemMessages,
    private readonly realtime: RealtimePublisher,
  ) {}

  async create(request: CreateRoomRequest): Promise<IRoom> {
    const { actor, t, extraData } = request;
    const team = extraData.teamId ? await this.teams.findById(extraData.teamId) : null;
    if (extraData.teamId && !team) {
      throw new DomainError(ErrorCode.TeamNotFound, 'The "teamId" param provided does not match any team');
    }
    const allowed = team
      ? await this.access.hasPermission(actor.userId, t === 'c' ? 'create-team-channel' : 'create-team-group', team.roomId)
      : await this.access.hasPermission(actor.userId, `create-${t}`);
    if (!allowed) throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');

    const owner = await this.users.findRoomUserById(actor.userId);
    if (!owner?.username) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');

    const usernames = new Set(request.members);
    if (!request.excludeSelf) usernames.add(owner.username);
    const members = (await this.users.findRoomUsersByUsernames([...usernames])).filter((user) => user.active !== false);
    const { teamId: _teamId, ...roomExtra } = extraData;
    const room = await this.insertWithMembers({
      t,
      name: request.name.trim(),
      owner,
      members,
      readOnly: request.readOnly,
      fields: {
        ...roomExtra,
        ...(team && { teamId: team._id }),
        ...(request.customFields && { customFields: request.customFields }),
      },
    });
    if (team && t === 'c') {
      const teamRoom = await this.rooms.findById(team.roomId);
      if (teamRoom) await this.systemMessages.save('user-added-room-to-team', teamRoom, room.name!, toUserRef(owner));
    }
    return room;
  }

  /** A team's main room (`teamMain: true`), created with the team; the caller checked the permission. */
  createTeamMainRoom(
    owner: RoomUser,
    name: string,
    t: 'c' | 'p',
    members: RoomUser[],
    readOnly: boolean,
    teamId: string,
    sidepanel?: IRoom['sidepanel'],
  ): Promise<IRoom> {
    return this.insertWithMembers({
      t,
      name,
      owner,
      members,
      readOnly,
      fields: { teamId, teamMain: true, ...(sidepanel && { sidepanel }) },
    });
  }

  /** Validates the name, inserts the room and one subscription per member (the owner's with `owner`). */
  private async insertWithMembers(spec: {
    t: 'c' | 'p';
    name: string;
    owner: RoomUser;
    members: RoomUser[];
    readOnly: boolean;
    fields: Partial<IRoom>;
  }): Promise<IRoom> {
    const { owner } = spec;
    const { name, fname } = await validRoomName(spec.name, undefined, {
      specialChars: this.settings.get<boolean>('UI_Allow_room_names_with_special_chars'),
      pattern: this.settings.get<string>('UTF8_Channel_Names_Validation'),
      rooms: this.rooms,
    });

    const now = new Date();
    const broadcast = spec.fields.broadcast === true;
    let room: IRoom;
    try {
      room = await this.rooms.insert({
        _id: randomId(),
        t: spec.t,
        name,
        fname,
        u: toUserRef(owner),
        ts: now,
        msgs: 0,
        usersCount: spec.members.length,
        default: false,
        sysMes: true,
        ...spec.fields,
        // A broadcast room is read-only; its members cannot react unless allowed separately.
        ro: spec.readOnly || broadcast,
        ...(broadcast && { reactWhenReadOnly: undefined }),
      });
    } catch (error) {
      // Two creators racing for one name: the unique index lets one through.
      if (isDuplicateKeyError(error)) throw nameTaken(name, false);
      throw error;
    }
    const subscriptions = await this.subscriptions.insertMany(
      spec.members.map((member) =>
        newSubscription(room, toUserRef(member), {
          at: now,
          ...(member._id === owner._id && { roles: ['owner'], seen: true }),
        }),
      ),
    );
    this.announce(subscriptions);
    this.realtime.roomCreated(room, toUserRef(owner));
    return room;
  }

  /** Each member's subscription; their gateways then send them the room as `rooms-changed` `inserted`. */
  private announce(subscriptions: ISubscription[]): void {
    for (const subscription of subscriptions) this.realtime.subscriptionChanged('inserted', subscription);
  }
}
