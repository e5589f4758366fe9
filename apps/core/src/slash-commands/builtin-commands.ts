import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SettingsCache } from '@rc/settings';
import {
  DomainError,
  ErrorCode,
  messagesSend,
  presenceSetStatus,
  roomsArchive,
  roomsCreate,
  roomsCreateDirect,
  roomsInvite,
  roomsJoin,
  roomsKick,
  roomsLeave,
  roomsMuteUser,
  roomsSaveSettings,
  subscriptionsSetOpen,
  type IRoom,
} from '@rc/contracts';
import { RoomsRepository, SubscriptionsRepository, UsersRepository } from '@rc/models';
import { RpcClient } from '@rc/platform';
import { AccessService } from '../common/access.service.js';
import { ASCII_ARTS, channelName, firstWord, username, usernames, withArt } from './command-params.js';
import { SlashCommandRegistry, type SlashCommand, type SlashCommandContext } from './slash-command.registry.js';

/** Rocket.Chat's English texts of the built-ins' answers (its i18n keys in comments). */
const TEXT = {
  channelDoesntExist: (name: string) => `The channel \`#${name}\` does not exist`, // Channel_doesnt_exist
  channelAlreadyExists: (name: string) => `The channel \`#${name}\` already exists.`, // Channel_already_exist
  usernameDoesntExist: (name: string) => `The username \`${name}\` does not exist`, // Username_doesnt_exist
  notInRoom: (name: string) => `The user \`${name}\` is not in this room`, // Username_is_not_in_this_room
  alreadyInRoom: (name: string) => `\`@${name}\` is already in here.`, // Username_is_already_in_here
  alreadyJoined: 'You are already in the channel', // error-user-already-in-room
  archived: (name: string) => `Channel with name \`#${name}\` has been archived successfully`, // Channel_Archived
  alreadyArchived: (name: string) => `Channel \`#${name}\` is already archived`,
  unarchived: (name: string) => `Channel with name \`#${name}\` has been Unarchived successfully`, // Channel_Unarchived
  notArchived: (name: string) => `Channel \`#${name}\` is not archived`,
  statusChanged: 'Status message changed successfully.', // StatusMessage_Changed_Successfully
  usersAdded: 'The users have been added.', // Users_added
  usage: (usage: string) => `Invalid command usage: ${usage}`,
} as const;

/** A name the caller typed that names no room they may see. */
class NoSuchRoom extends DomainError {
  constructor(name: string) {
    super(ErrorCode.InvalidRoom, TEXT.channelDoesntExist(name));
  }
}

/**
 * The built-in commands Rocket.Chat 7 ships. Each does what the equivalent REST endpoint does, through the same
 * request (so the same permission checks, validation and events), as the caller.
 */
@Injectable()
export class BuiltinSlashCommands implements OnModuleInit {
  constructor(
    private readonly registry: SlashCommandRegistry,
    private readonly rpc: RpcClient,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
    private readonly access: AccessService,
    private readonly settings: SettingsCache,
  ) {}

  onModuleInit(): void {
    for (const command of this.commands()) this.registry.register(command);
  }

  commands(): SlashCommand[] {
    const base = { clientOnly: false, providesPreview: false };
    const artCommands = Object.entries(ASCII_ARTS).map(([name, art]) => ({
      ...base,
      command: name,
      params: 'your_message_optional',
      description: art.description,
      summary: art.summary,
      run: (c: SlashCommandContext) => this.send(c, withArt(name, c.params)),
    }));
    const leave = (command: string): SlashCommand => ({
      ...base,
      command,
      description: 'Leave_the_current_channel',
      summary: 'Leave the current channel',
      run: (c) => this.rpc.request(roomsLeave, { actor: c.actor, roomId: c.room._id }),
    });
    return [
      {
        ...base,
        command: 'join',
        params: '#channel',
        description: 'Join_the_given_channel',
        summary: 'Join the given channel',
        permission: 'view-c-room',
        run: (c) => this.join(c),
      },
      leave('leave'),
      leave('part'),
      {
        ...base,
        command: 'invite',
        params: '@username',
        description: 'Invite_user_to_join_channel',
        summary: 'Invite one or more users to this room',
        permission: 'add-user-to-joined-room',
        run: (c) => this.invite(c),
      },
      {
        ...base,
        command: 'invite-all-to',
        params: '#room',
        description: 'Invite_user_to_join_channel_all_to',
        summary: 'Invite every member of this room to another room',
        permission: 'add-user-to-joined-room',
        run: (c) => this.inviteAll(c, 'to'),
      },
      {
        ...base,
        command: 'invite-all-from',
        params: '#room',
        description: 'Invite_user_to_join_channel_all_from',
        summary: 'Invite every member of another room to this room',
        permission: 'add-user-to-joined-room',
        run: (c) => this.inviteAll(c, 'from'),
      },
      {
        ...base,
        command: 'kick',
        params: '@username',
        description: 'Remove_someone_from_room',
        summary: 'Remove someone from this room',
        permission: 'remove-user',
        run: (c) => this.kick(c),
      },
      {
        ...base,
        command: 'mute',
        params: '@username',
        description: 'Mute_someone_in_room',
        summary: 'Mute someone in this room',
        permission: 'mute-user',
        run: (c) => this.mute(c, true),
      },
      {
        ...base,
        command: 'unmute',
        params: '@username',
        description: 'Unmute_someone_in_room',
        summary: 'Unmute someone in this room',
        permission: 'mute-user',
        run: (c) => this.mute(c, false),
      },
      {
        ...base,
        command: 'topic',
        params: 'Slash_Topic_Params',
        description: 'Slash_Topic_Description',
        summary: 'Set the room topic',
        permission: 'edit-room',
        run: (c) => this.rpc.request(roomsSaveSettings, { actor: c.actor, roomId: c.room._id, changes: { topic: c.params } }),
      },
      {
        ...base,
        command: 'archive',
        params: '#channel',
        description: 'Archive',
        summary: 'Archive this room, or the one named',
        permission: 'archive-room',
        run: (c) => this.archive(c, true),
      },
      {
        ...base,
        command: 'unarchive',
        params: '#channel',
        description: 'Unarchive',
        summary: 'Unarchive the room named',
        permission: 'unarchive-room',
        run: (c) => this.archive(c, false),
      },
      {
        ...base,
        command: 'create',
        params: '#channel',
        description: 'Create_A_New_Channel',
        summary: 'Create a channel (`private` for a private group)',
        permission: ['create-c', 'create-p'],
        run: (c) => this.create(c),
      },
      {
        ...base,
        command: 'msg',
        params: '@username <message>',
        description: 'Direct_message_someone',
        summary: 'Send a direct message to someone',
        run: (c) => this.msg(c),
      },
      {
        ...base,
        command: 'me',
        params: 'your_message',
        description: 'Displays_action_text',
        summary: 'Displays action text',
        run: (c) => (c.params ? this.send(c, `_${c.params}_`) : Promise.resolve()),
      },
      {
        ...base,
        command: 'status',
        params: 'Slash_Status_Params',
        description: 'Slash_Status_Description',
        summary: 'Set your status message',
        run: (c) => this.status(c),
      },
      {
        ...base,
        command: 'hide',
        params: '#room',
        description: 'Hide_room',
        summary: 'Hide this room, or the one named, from your list',
        run: (c) => this.hide(c),
      },
      ...artCommands,
      {
        ...base,
        command: 'help',
        description: 'Show_the_keyboard_shortcut_list',
        summary: 'Show this list',
        run: (c) => Promise.resolve(c.reply(this.help())),
      },
      // The clients log out themselves; listed so that they offer it.
      { ...base, command: 'logout', description: 'Logout', summary: 'Log out', clientOnly: true, run: () => Promise.resolve() },
    ];
  }

  private help(): string {
    const lines = this.registry
      .list()
      .filter((command) => command.summary)
      .sort((a, b) => a.command.localeCompare(b.command))
      .map(
        (command) =>
          `/${command.command}${command.params?.startsWith('#') || command.params?.startsWith('@') ? ` ${command.params}` : ''} - ${command.summary}`,
      );
    return lines.join('\n');
  }

  private async send(c: SlashCommandContext, msg: string): Promise<void> {
    await this.rpc.request(messagesSend, { actor: c.actor, message: { rid: c.room._id, msg, ...(c.tmid && { tmid: c.tmid }) } });
  }

  /** A room by the name typed (or the current room when none), if the caller may see it. */
  private async namedRoom(c: SlashCommandContext, name: string): Promise<IRoom> {
    if (!name) return c.room;
    const room = await this.rooms.findByName(name);
    if (!room || !(await this.access.canAccessRoom(c.actor.userId, room._id))) throw new NoSuchRoom(name);
    return room;
  }

  private async join(c: SlashCommandContext): Promise<void> {
    const name = channelName(firstWord(c.params)[0]);
    if (!name) throw new DomainError(ErrorCode.InvalidParams, TEXT.usage('/join #channel'));
    const room = await this.rooms.findByName(name);
    if (!room || room.t !== 'c') throw new NoSuchRoom(name);
    if (await this.subscriptions.findByRoomAndUser(room._id, c.actor.userId))
      throw new DomainError(ErrorCode.InvalidParams, TEXT.alreadyJoined);
    await this.rpc.request(roomsJoin, { actor: c.actor, roomId: room._id });
  }

  private async invite(c: SlashCommandContext): Promise<void> {
    const names = usernames(c.params);
    if (names.length === 0) throw new DomainError(ErrorCode.InvalidParams, TEXT.usage('/invite @username'));
    const found = await this.users.findRoomUsersByUsernames(names);
    const missing = names.filter((name) => !found.some((user) => user.username === name));
    for (const name of missing) c.reply(TEXT.usernameDoesntExist(name));
    const members = new Set(
      (
        await this.subscriptions.findByRoomAndUsers(
          c.room._id,
          found.map((user) => user._id),
        )
      ).map((subscription) => subscription.u._id),
    );
    for (const user of found.filter((u) => members.has(u._id))) c.reply(TEXT.alreadyInRoom(user.username!));
    const toAdd = found.filter((user) => !members.has(user._id));
    if (toAdd.length > 0)
      await this.rpc.request(roomsInvite, { actor: c.actor, roomId: c.room._id, userIds: toAdd.map((user) => user._id) });
  }

  /** `to`: this room's members into the named room; `from`: the named room's members into this one. */
  private async inviteAll(c: SlashCommandContext, direction: 'to' | 'from'): Promise<void> {
    const name = channelName(firstWord(c.params)[0]);
    if (!name) throw new DomainError(ErrorCode.InvalidParams, TEXT.usage(`/invite-all-${direction} #room`));
    const other = await this.namedRoom(c, name);
    if (other._id === c.room._id) throw new DomainError(ErrorCode.InvalidParams, TEXT.usage(`/invite-all-${direction} #another-room`));
    const [source, target] = direction === 'to' ? [c.room, other] : [other, c.room];
    if (target.t === 'd') throw new DomainError(ErrorCode.CantInviteForDirectRoom, "Can't invite user to direct rooms");
    const already = new Set(await this.subscriptions.memberIdsOf(target._id));
    const members = await this.subscriptions.memberIdsOf(source._id);
    // Rocket.Chat's API_User_Limit: a room with more members than that is not copied (0: no limit).
    const limit = this.settings.get<number>('API_User_Limit');
    if (limit && members.length > limit)
      throw new DomainError(ErrorCode.UserLimitExceeded, 'User Limit Exceeded', { method: 'addAllToRoom' });
    const userIds = members.filter((id) => !already.has(id));
    for (let i = 0; i < userIds.length; i += 1000) {
      await this.rpc.request(roomsInvite, { actor: c.actor, roomId: target._id, userIds: userIds.slice(i, i + 1000) });
    }
    c.reply(TEXT.usersAdded);
  }

  private async kick(c: SlashCommandContext): Promise<void> {
    const name = username(firstWord(c.params)[0]);
    if (!name) throw new DomainError(ErrorCode.InvalidParams, TEXT.usage('/kick @username'));
    const [user] = await this.users.findRoomUsersByUsernames([name]);
    if (!user) throw new DomainError(ErrorCode.UserNotFound, TEXT.usernameDoesntExist(name));
    if (!(await this.subscriptions.findByRoomAndUser(c.room._id, user._id)))
      throw new DomainError(ErrorCode.UserNotInRoom, TEXT.notInRoom(name));
    await this.rpc.request(roomsKick, { actor: c.actor, roomId: c.room._id, userId: user._id });
  }

  private async mute(c: SlashCommandContext, muted: boolean): Promise<void> {
    const name = username(firstWord(c.params)[0]);
    if (!name) throw new DomainError(ErrorCode.InvalidParams, TEXT.usage(`/${muted ? 'mute' : 'unmute'} @username`));
    const [user] = await this.users.findRoomUsersByUsernames([name]);
    if (!user) throw new DomainError(ErrorCode.UserNotFound, TEXT.usernameDoesntExist(name));
    if (!(await this.subscriptions.findByRoomAndUser(c.room._id, user._id)))
      throw new DomainError(ErrorCode.UserNotInRoom, TEXT.notInRoom(name));
    await this.rpc.request(roomsMuteUser, { actor: c.actor, rid: c.room._id, username: name, muted });
  }

  private async archive(c: SlashCommandContext, archived: boolean): Promise<void> {
    const room = await this.namedRoom(c, channelName(firstWord(c.params)[0]));
    const name = room.name ?? room._id;
    if (room.t === 'd') throw new DomainError(ErrorCode.NotAllowed, 'Direct messages cannot be archived');
    if (archived && room.archived) throw new DomainError(ErrorCode.RoomAlreadyArchived, TEXT.alreadyArchived(name));
    if (!archived && !room.archived) throw new DomainError(ErrorCode.RoomNotArchived, TEXT.notArchived(name));
    await this.rpc.request(roomsArchive, { actor: c.actor, roomId: room._id, archived });
    c.reply(archived ? TEXT.archived(name) : TEXT.unarchived(name));
  }

  private async create(c: SlashCommandContext): Promise<void> {
    const [first, rest] = firstWord(c.params);
    const name = channelName(first);
    if (!name) throw new DomainError(ErrorCode.InvalidParams, TEXT.usage('/create #channel [private]'));
    if (await this.rooms.findByName(name)) throw new DomainError(ErrorCode.DuplicateChannelName, TEXT.channelAlreadyExists(name));
    const t = rest.split(/\s+/).includes('private') ? 'p' : 'c';
    await this.rpc.request(roomsCreate, { actor: c.actor, t, name });
  }

  private async msg(c: SlashCommandContext): Promise<void> {
    const [first, text] = firstWord(c.params);
    const name = username(first);
    if (!name || !text) throw new DomainError(ErrorCode.InvalidParams, TEXT.usage('/msg @username message'));
    const [user] = await this.users.findRoomUsersByUsernames([name]);
    if (!user) throw new DomainError(ErrorCode.UserNotFound, TEXT.usernameDoesntExist(name));
    const { room } = await this.rpc.request(roomsCreateDirect, { actor: c.actor, usernames: [name] });
    await this.rpc.request(messagesSend, { actor: c.actor, message: { rid: room._id, msg: text } });
  }

  private async status(c: SlashCommandContext): Promise<void> {
    await this.rpc.request(presenceSetStatus, { actorId: c.actor.userId, statusText: c.params });
    c.reply(TEXT.statusChanged);
  }

  private async hide(c: SlashCommandContext): Promise<void> {
    const room = await this.namedRoom(c, channelName(firstWord(c.params)[0]));
    await this.rpc.request(subscriptionsSetOpen, { actor: c.actor, roomId: room._id, open: false });
  }
}
