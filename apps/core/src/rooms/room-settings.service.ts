import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, TEAM_TYPE, type Actor, type IRoom, type RoomSettingsChanges } from '@rc/contracts';
import { RoomsRepository, UsersRepository, SubscriptionsRepository, TeamsRepository, toUserRef } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { AvatarsService } from '../avatars/avatars.service.js';
import { AccessService } from '../common/access.service.js';
import { RoomResolver, type RoomSelector } from '../common/room-resolver.service.js';
import { SystemMessages, type SystemMessageType } from '../messaging/writer/system-messages.service.js';
import { SettingsCache } from '@rc/settings';
import { RoomEraser } from './room-eraser.service.js';
import { validRoomName } from './room-naming.js';

/** How Rocket.Chat words "nothing would change" per setting (REST `channels.set*`); the others may repeat. */
const UNCHANGED: Partial<Record<keyof RoomSettingsChanges, string>> = {
  name: 'name is the same as what it would be renamed to.',
  topic: 'topic is the same as what it would be changed to.',
  description: 'description is the same as what it would be changed to.',
  announcement: 'announcement is the same as what it would be changed to.',
  readOnly: 'read only setting is the same as what it would be changed to.',
  default: 'default setting is the same as what it would be changed to.',
  type: 'type is the same as what it would be changed to.',
};

const TEXT_SETTINGS: Array<['topic' | 'description' | 'announcement', SystemMessageType]> = [
  ['topic', 'room_changed_topic'],
  ['description', 'room_changed_description'],
  ['announcement', 'room_changed_announcement'],
];

/** Rocket.Chat's `saveRoomSettings`, `archiveRoom`, `unarchiveRoom` and `eraseRoom`. */
@Injectable()
export class RoomSettingsService {
  constructor(
    private readonly access: AccessService,
    private readonly resolver: RoomResolver,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
    private readonly settings: SettingsCache,
    private readonly systemMessages: SystemMessages,
    private readonly eraser: RoomEraser,
    private readonly realtime: RealtimePublisher,
    private readonly avatars: AvatarsService,
    private readonly teams: TeamsRepository,
  ) {}

  async save(actor: Actor, selector: RoomSelector, changes: RoomSettingsChanges): Promise<IRoom> {
    // `im.setTopic` checks access to the room id first (403 for an unknown one too).
    const room = await this.resolver.resolve(actor.userId, selector, { checkArchived: true, accessFirst: true });
    const current: Partial<Record<keyof RoomSettingsChanges, unknown>> = {
      name: room.name,
      topic: room.topic,
      description: room.description,
      announcement: room.announcement,
      readOnly: room.ro === true,
      default: room.default === true,
      type: room.t,
    };
    for (const key of Object.keys(changes) as Array<keyof RoomSettingsChanges>) {
      const unchanged = UNCHANGED[key];
      if (unchanged && current[key] === changes[key]) {
        const noun = room.t === 'p' ? 'private group' : room.t === 'd' ? 'direct message' : 'channel';
        throw new DomainError(ErrorCode.InvalidParams, `The ${noun} ${unchanged}`);
      }
    }
    if (changes.type !== undefined && !changes.type.trim()) {
      throw new DomainError(ErrorCode.InvalidParams, 'The bodyParam "type" is required');
    }
    // Without `edit-room`, a member of a direct message may still turn its encryption on or off (and only that).
    const onlyEncryption =
      room.t === 'd' && changes.encrypted !== undefined && !(await this.access.hasPermission(actor.userId, 'edit-room', room._id));
    const effective: RoomSettingsChanges = onlyEncryption ? { encrypted: changes.encrypted } : { ...changes };
    if (room.broadcast && (effective.readOnly || effective.reactWhenReadOnly)) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Editing readOnly/reactWhenReadOnly are not allowed for broadcast rooms');
    }
    if (!onlyEncryption) await this.assertMayEdit(actor.userId, room, effective);
    await this.assertMaySetExtras(actor.userId, room, effective);
    if (effective.retentionOverrideGlobal === false) {
      // Back to the global policy: the room's own values are left as they are (Rocket.Chat's rule).
      for (const key of ['retentionMaxAge', 'retentionExcludePinned', 'retentionFilesOnly', 'retentionIgnoreThreads'] as const) {
        delete effective[key];
      }
    }
    return this.apply(actor, room, effective);
  }

  /**
   * Writes the changes to a room already checked (Rocket.Chat's savers): the room, its subscriptions' copies,
   * the system messages, the team of a main room, and the events. Also used by `teams.update`, which checks
   * `edit-team` instead.
   */
  async apply(actor: Actor, room: IRoom, changes: RoomSettingsChanges): Promise<IRoom> {
    const set: Partial<IRoom> = {};
    const unset: Record<string, 1> = {};
    if (changes.name !== undefined) {
      const named = await validRoomName(changes.name, room._id, {
        specialChars: this.settings.get<boolean>('UI_Allow_room_names_with_special_chars'),
        pattern: this.settings.get<string>('UTF8_Channel_Names_Validation'),
        rooms: this.rooms,
      });
      Object.assign(set, named);
    }
    for (const [key] of TEXT_SETTINGS) if (changes[key] !== undefined) set[key] = changes[key];
    if (changes.readOnly !== undefined) set.ro = changes.readOnly;
    if (changes.default !== undefined) set.default = changes.default;
    const newType = changes.type !== undefined && changes.type !== room.t ? assertRoomType(changes.type, room) : undefined;
    if (newType) set.t = newType;
    if (changes.joinCode !== undefined) {
      if (changes.joinCode) set.joinCode = changes.joinCode;
      else unset.joinCode = 1;
    }
    if (changes.customFields !== undefined) set.customFields = changes.customFields;
    const reactChanged = changes.reactWhenReadOnly !== undefined && changes.reactWhenReadOnly !== (room.reactWhenReadOnly === true);
    if (changes.reactWhenReadOnly !== undefined) set.reactWhenReadOnly = changes.reactWhenReadOnly;
    if (changes.systemMessages !== undefined) {
      const unknown = changes.systemMessages.find((type) => !HIDEABLE_SYSTEM_MESSAGES.has(type));
      if (unknown !== undefined) throw new DomainError(ErrorCode.InvalidRoomOption, 'Invalid option');
      set.sysMes = changes.systemMessages;
    }
    const encryptionChanged = changes.encrypted !== undefined && changes.encrypted !== (room.encrypted === true);
    if (changes.encrypted !== undefined) set.encrypted = changes.encrypted;
    if (changes.featured !== undefined) (set as Record<string, unknown>).featured = changes.featured;
    // Rocket.Chat's `saveFavoriteById`: marked while `favorite`, unmarked otherwise.
    if (changes.favorite !== undefined) {
      if (changes.favorite.favorite) (set as Record<string, unknown>).favorite = true;
      else unset.favorite = 1;
    }
    for (const [key, field] of RETENTION_KEYS) {
      const value = changes[key];
      if (value !== undefined) (set as Record<string, unknown>)[`retention.${field}`] = value;
    }

    if (changes.roomAvatar !== undefined) {
      // Checked (edit-room-avatar) and stored before anything else changes; the room's `avatarETag` follows.
      await this.avatars.setRoomAvatar(actor, room, changes.roomAvatar);
    }
    const written = Object.keys(set).length + Object.keys(unset).length > 0;
    const update = { ...(Object.keys(set).length && { $set: set }), ...(Object.keys(unset).length && { $unset: unset }) };
    const updated = written ? ((await this.rooms.update(room._id, update)) ?? room) : room;
    if (set.name) await this.subscriptions.updateMembers(room._id, {}, { $set: { name: set.name, fname: set.fname } });
    if (newType) await this.subscriptions.updateMembers(room._id, {}, { $set: { t: newType } });
    if (room.teamMain && room.teamId && (set.name || newType)) {
      // A team's name and type are its main room's (Rocket.Chat's `Team.update(…, { updateRoom: false })`).
      await this.teams.updateNameAndType(room.teamId, {
        ...(set.name && { name: set.name }),
        ...(newType && { type: newType === 'c' ? TEAM_TYPE.PUBLIC : TEAM_TYPE.PRIVATE }),
      });
    }

    const by = toUserRef((await this.users.findRoomUserById(actor.userId)) ?? { _id: actor.userId, username: actor.username });
    if (set.name) await this.systemMessages.save('r', updated, set.name, by);
    for (const [key, type] of TEXT_SETTINGS)
      if (changes[key] !== undefined) await this.systemMessages.save(type, updated, changes[key], by);
    if (changes.readOnly !== undefined)
      await this.systemMessages.save(changes.readOnly ? 'room-set-read-only' : 'room-removed-read-only', updated, '', by);

    if (reactChanged) {
      await this.systemMessages.save(changes.reactWhenReadOnly ? 'room-allowed-reacting' : 'room-disallowed-reacting', updated, '', by);
    }
    if (encryptionChanged) {
      await this.systemMessages.save(changes.encrypted ? 'room_e2e_enabled' : 'room_e2e_disabled', updated, '', by);
    }
    if (changes.roomAvatar !== undefined) await this.systemMessages.save('room_changed_avatar', updated, '', by);
    if (newType) await this.systemMessages.save('room_changed_privacy', updated, newType === 'c' ? 'public' : 'private', by);

    if (written) await this.announce(updated, set.name !== undefined || newType !== undefined);
    return (await this.rooms.findById(room._id)) ?? updated;
  }

  async archive(actor: Actor, selector: RoomSelector, archived: boolean): Promise<{ ok: true }> {
    const room = await this.resolver.resolve(actor.userId, selector, { checkArchived: archived });
    if (room.t === 'd') throw new DomainError(ErrorCode.NotAllowed, 'Direct Messages can not be archived');
    // `channels.unarchive`'s own check, `API.v1.failure(text)`: the text alone. `groups.unarchive` has none (its
    // method unarchives a live group again).
    if (!archived && !room.archived && selector.t === 'c') {
      throw new DomainError(ErrorCode.PlainFailure, `The channel, ${room.name}, is not archived`);
    }
    if (!(await this.access.hasPermission(actor.userId, archived ? 'archive-room' : 'unarchive-room', room._id))) {
      throw new DomainError(ErrorCode.RoomActionNotAuthorized, 'Not authorized');
    }
    const updated = (await this.rooms.update(room._id, { $set: { archived } })) ?? room;
    await this.subscriptions.updateMembers(room._id, {}, { $set: { archived, open: !archived, alert: false } });
    const by = toUserRef((await this.users.findRoomUserById(actor.userId)) ?? { _id: actor.userId, username: actor.username });
    await this.systemMessages.save(archived ? 'room-archived' : 'room-unarchived', updated, '', by);
    await this.announce(updated, true);
    return { ok: true };
  }

  /**
   * Needs `delete-<t>` in the room (`delete-c`, `delete-p`, `delete-d`). `im.delete` finds the direct message
   * whoever asks and refuses another pair's unless the caller has `view-room-administration`, with
   * `Not allowed [error-not-allowed]` (Rocket.Chat's `dmDeleteAction`).
   */
  async delete(actor: Actor, selector: RoomSelector): Promise<{ ok: true }> {
    const room =
      selector.t === 'd' ? await this.resolver.direct(actor.userId, selector) : await this.resolver.resolve(actor.userId, selector);
    if (
      room.t === 'd' &&
      !(await this.access.canAccessRoom(actor.userId, room._id)) &&
      !(await this.access.hasPermission(actor.userId, 'view-room-administration'))
    ) {
      throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    }
    if (!(await this.access.hasPermission(actor.userId, `delete-${room.t}`, room._id))) {
      throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    }
    await this.eraser.erase(room);
    return { ok: true };
  }

  /** `edit-room` for everything; changing read-only also `set-readonly`, the default flag `view-room-administration`. */
  private async assertMayEdit(userId: string, room: IRoom, changes: RoomSettingsChanges): Promise<void> {
    if (!(await this.access.hasPermission(userId, 'edit-room', room._id))) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Editing room is not allowed');
    }
    if (changes.readOnly !== undefined && !(await this.access.hasPermission(userId, 'set-readonly', room._id))) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Editing readOnly room is not allowed');
    }
    if (
      (changes.default !== undefined || changes.featured !== undefined) &&
      !(await this.access.hasPermission(userId, 'view-room-administration'))
    ) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Viewing room administration is not allowed');
    }
    if (changes.type === 'c' && room.t !== 'c' && !(await this.access.hasPermission(userId, 'create-c'))) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Changing a private group to a public channel is not allowed');
    }
    if (changes.type === 'p' && room.t !== 'p' && !(await this.access.hasPermission(userId, 'create-p'))) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Changing a public channel to a private room is not allowed');
    }
  }

  /**
   * Rocket.Chat's validators of the other keys: encryption only in private groups and direct messages (and
   * `toggle-room-e2e-encryption` outside direct messages); a retention value that differs from the room's
   * needs `edit-room-retention-policy`.
   */
  private async assertMaySetExtras(userId: string, room: IRoom, changes: RoomSettingsChanges): Promise<void> {
    if (changes.encrypted !== undefined && changes.encrypted !== room.encrypted) {
      if (room.t !== 'p' && room.t !== 'd') {
        throw new DomainError(ErrorCode.ActionNotAllowed, 'Only groups or direct channels can enable encryption');
      }
      if (room.t !== 'd' && !(await this.access.hasPermission(userId, 'toggle-room-e2e-encryption', room._id))) {
        throw new DomainError(ErrorCode.ActionNotAllowed, 'You do not have permission to toggle E2E encryption');
      }
    }
    const retention = (room.retention ?? undefined) as Record<string, unknown> | undefined;
    const differs = RETENTION_KEYS.some(
      ([key, field]) => changes[key] !== undefined && (retention === undefined || changes[key] !== retention[field]),
    );
    if (differs && !(await this.access.hasPermission(userId, 'edit-room-retention-policy', room._id))) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Editing room retention policy is not allowed');
    }
  }

  /** rooms-changed to the members; subscriptions-changed too when their copy of the room changed. */
  private async announce(room: IRoom, subscriptionsChanged: boolean): Promise<void> {
    this.realtime.roomChanged('updated', room);
    if (!subscriptionsChanged) return;
    for (const s of await this.subscriptions.findByRoom(room._id)) this.realtime.subscriptionChanged('updated', s);
  }
}

/** The `retention*` keys of `saveRoomSettings` and their fields under the room's `retention`. */
const RETENTION_KEYS = [
  ['retentionEnabled', 'enabled'],
  ['retentionMaxAge', 'maxAge'],
  ['retentionExcludePinned', 'excludePinned'],
  ['retentionFilesOnly', 'filesOnly'],
  ['retentionIgnoreThreads', 'ignoreThreads'],
  ['retentionOverrideGlobal', 'overrideGlobal'],
] as const;

/** The system message types a room may hide (Rocket.Chat's `MessageTypesValues` keys). */
const HIDEABLE_SYSTEM_MESSAGES = new Set([
  'rollback-message',
  'uj',
  'ujt',
  'ul',
  'ult',
  'ru',
  'removed-user-from-team',
  'au',
  'added-user-to-team',
  'mute_unmute',
  'r',
  'ut',
  'wm',
  'rm',
  'subscription-role-added',
  'subscription-role-removed',
  'room-archived',
  'room-unarchived',
  'room_changed_privacy',
  'room_changed_avatar',
  'room_changed_topic',
  'room_e2e_enabled',
  'room_e2e_disabled',
  'room-removed-read-only',
  'room-set-read-only',
  'room-disallowed-reacting',
  'room-allowed-reacting',
  'user-added-room-to-team',
  'user-converted-to-channel',
  'user-converted-to-team',
  'user-deleted-room-from-team',
  'user-removed-room-from-team',
  'room_changed_announcement',
  'room_changed_description',
]);

/** Rocket.Chat's `saveRoomType` rules: only `c` and `p`, and never for a direct message. */
function assertRoomType(type: string, room: IRoom): 'c' | 'p' {
  if (type !== 'c' && type !== 'p') throw new DomainError(ErrorCode.InvalidRoomType, 'error-invalid-room-type');
  if (room.t !== 'c' && room.t !== 'p') throw new DomainError(ErrorCode.DirectRoom, "Can't change type of direct rooms");
  return type;
}
