import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type Actor,
  type AvatarTicket,
  type AvatarToServe,
  type IAvatar,
  type IRoom,
  type StoredAvatar,
  type AvatarSuggestion,
  MAX_AVATAR_DATA_URI,
} from '@rc/contracts';
import { MAX_AVATAR_BYTES, RemoteImageFetcher, storeAvatarBody, storeName } from '@rc/file-storage';
import { AvatarsRepository, randomId, RoomsRepository, UsersRepository, type RoomUser } from '@rc/models';
import { APP_CONFIG } from '@rc/platform';
import { RealtimePublisher } from '@rc/realtime';
import { SettingsCache } from '@rc/settings';
import { Readable } from 'node:stream';
import { AccessService } from '../common/access.service.js';
import { CoreStorage } from '../common/core-storage.js';
import type { CoreConfig } from '../core.env.js';
import { avatarStorage, parseDataUri } from './avatar-storage.js';
import { avatarCandidates, readDataUri } from './avatar-suggestions.js';

export interface UserTarget {
  userId?: string;
  username?: string;
}

type Owner = { userId: string; name: string } | { rid: string; uid: string };

const invalidData = () => new DomainError(ErrorCode.InvalidData, 'Invalid dataURI');

/**
 * Rocket.Chat's avatars: `setUserAvatar`, `setAvatarFromService`, `resetAvatar`, a room's `roomAvatar`, and what
 * `/avatar/…` serves. The metadata in `rocketchat_avatars` (owned here), the bodies in the file storage (the
 * same drivers as uploads, GridFS in Rocket.Chat's `rocketchat_avatars` bucket), `avatarETag` on the user
 * (`users`: core writes `avatarOrigin` and `avatarETag` only) or the room, and `updateAvatar` on
 * stream-notify-logged so clients load the new picture.
 */
@Injectable()
export class AvatarsService implements OnModuleDestroy {
  private readonly logger = new Logger(AvatarsService.name);
  private readonly fetcher: RemoteImageFetcher;

  constructor(
    private readonly avatars: AvatarsRepository,
    private readonly users: UsersRepository,
    private readonly rooms: RoomsRepository,
    private readonly settings: SettingsCache,
    private readonly access: AccessService,
    private readonly realtime: RealtimePublisher,
    private readonly drivers: CoreStorage,
    @Inject(APP_CONFIG) config: CoreConfig,
  ) {
    this.fetcher = new RemoteImageFetcher({ allowedAddresses: config.AVATAR_URL_ALLOWED_ADDRESSES });
  }

  onModuleDestroy(): void {
    this.fetcher.destroy();
  }

  /** A multipart `users.setAvatar` may begin: the caller may change avatars at all. */
  async start(actor: Actor): Promise<AvatarTicket> {
    await this.assertMayChangeAvatars(actor.userId, 'Change avatar is not allowed');
    return { fileId: randomId(), ...this.rules(), storage: avatarStorage(this.settings) };
  }

  /** A body the gateway stored becomes the target's avatar. */
  async setUserAvatar(actor: Actor, target: UserTarget, avatar: StoredAvatar): Promise<{ ok: true }> {
    // Rocket.Chat's words for the form's `userId` / `username` naming someone else.
    const user = await this.targetUser(actor, target, 'Change avatar is not allowed', new DomainError(ErrorCode.NotAllowed, 'Not allowed'));
    await this.record({ userId: user._id, name: user.username! }, avatar, 'rest');
    return { ok: true };
  }

  /** `setAvatarFromService` and `users.setAvatar`'s `avatarUrl`. */
  async setFromService(
    actor: Actor,
    { data, service, ...target }: UserTarget & { data: string; contentType?: string; service?: string },
  ): Promise<{ ok: true }> {
    const user = await this.targetUser(
      actor,
      target,
      'Change avatar is not allowed',
      new DomainError(ErrorCode.Unauthorized, 'unauthorized'),
    );
    if (service === 'initials') {
      await this.removeUserAvatars(user, 'initials');
      return { ok: true };
    }
    let source: AsyncIterable<Buffer | Uint8Array>;
    if (service === 'url') {
      source = (await this.fetcher.fetch(data, user.username)).body;
    } else {
      const bytes = parseDataUri(data);
      if (!bytes) throw invalidData();
      source = Readable.from([bytes]);
    }
    const stored = await this.store(source);
    await this.recordOrRemove({ userId: user._id, name: user.username! }, stored, service ?? 'rest');
    return { ok: true };
  }

  /**
   * `users.getAvatarSuggestion`: each candidate fetched as `setAvatarFromService` fetches a URL (no private address,
   * images only); one that fails or would not fit in a reply is left out, as Rocket.Chat leaves out what does not
   * answer 200. Suggestions are keyed by service: a later one of the same service wins, as in Rocket.Chat.
   */
  async suggestions(actor: Actor): Promise<{ suggestions: Record<string, AvatarSuggestion> }> {
    const user = await this.users.findById(actor.userId);
    const suggestions: Record<string, AvatarSuggestion> = {};
    for (const candidate of avatarCandidates(user ?? {})) {
      try {
        const { body, contentType } = await this.fetcher.fetch(candidate.url);
        const blob = await readDataUri(body, contentType, MAX_AVATAR_DATA_URI);
        if (blob) suggestions[candidate.service] = { ...candidate, blob, contentType };
      } catch (error) {
        this.logger.debug(`no ${candidate.service} suggestion for ${actor.userId}: ${(error as Error).message}`);
      }
    }
    return { suggestions };
  }

  async reset(actor: Actor, target: UserTarget): Promise<{ ok: true }> {
    const refusal = 'Reset avatar is not allowed';
    const user = await this.targetUser(actor, target, refusal, new DomainError(ErrorCode.NotAllowed, refusal));
    await this.removeUserAvatars(user, undefined);
    return { ok: true };
  }

  /** `users.getAvatar`'s user (Rocket.Chat's `getUserFromParams`). */
  async userOf(target: UserTarget): Promise<{ username: string }> {
    if (!target.userId && !target.username) {
      throw new DomainError(ErrorCode.UserParamNotProvided, 'The required "userId" or "username" param was not provided');
    }
    const user = await this.users.findRoomUserByIdOrUsername(target);
    if (!user?.username) {
      throw new DomainError(ErrorCode.InvalidUser, 'The required "userId" or "username" param provided does not match any users');
    }
    return { username: user.username };
  }

  /**
   * A room's avatar from `rooms.saveRoomSettings`' `roomAvatar` (a data URI; empty or null: none), needs
   * `edit-room-avatar` in the room. Returns the room's new ETag (undefined once removed).
   */
  async setRoomAvatar(actor: Actor, room: IRoom, value: string | null): Promise<string | undefined> {
    if (!(await this.access.hasPermission(actor.userId, 'edit-room-avatar', room._id))) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Editing room avatar is not allowed');
    }
    if (!value) {
      await this.removeAll(await this.avatars.findByRoomId(room._id));
      await this.rooms.update(room._id, { $unset: { avatarETag: 1 } });
      this.realtime.notifyLogged('updateAvatar', [{ rid: room._id }]);
      return undefined;
    }
    const bytes = parseDataUri(value);
    if (!bytes) throw invalidData();
    const stored = await this.store(Readable.from([bytes]));
    return this.recordOrRemove({ rid: room._id, uid: actor.userId }, stored, 'upload');
  }

  /** A deleted user's avatars go with them (Rocket.Chat's `deleteUser` removes the Avatars store's file). */
  async removeOfUser(userId: string): Promise<void> {
    await this.removeAll(await this.avatars.findByUserId(userId));
  }

  /** An erased room's avatar goes with it. */
  async removeOfRoom(rid: string): Promise<void> {
    await this.removeAll(await this.avatars.findByRoomId(rid));
  }

  /** What `/avatar/<username>` or `/avatar/room/<rid>` shows. */
  async forServe({ username, rid, viewerId }: { username?: string; rid?: string; viewerId?: string }): Promise<AvatarToServe> {
    const cacheTime = this.settings.get<number>('Accounts_AvatarCacheTime');
    if (rid) return { ...(await this.roomAvatar(rid, viewerId)), cacheTime };
    if (!username) throw new DomainError(ErrorCode.NotFound, 'Not found');
    // `/avatar/@name` always answers the generated avatar (Rocket.Chat).
    if (username.startsWith('@')) return { initialsOf: username.slice(1), cacheTime };
    return { ...(await this.userAvatar(username)), cacheTime };
  }

  private async userAvatar(username: string): Promise<Omit<AvatarToServe, 'cacheTime'>> {
    const file = await this.avatars.findOneByName(username);
    return { initialsOf: username, ...(file && { avatar: { file, storage: avatarStorage(this.settings, file.store) } }) };
  }

  private async roomAvatar(rid: string, viewerId: string | undefined): Promise<Omit<AvatarToServe, 'cacheTime'>> {
    let room = await this.rooms.findById(rid);
    if (!room) throw new DomainError(ErrorCode.NotFound, 'Room not found');
    // A discussion without its own avatar shows its parent's.
    for (let depth = 0; depth < 5; depth++) {
      const file = await this.avatars.findOneByRoomId(room._id);
      if (file)
        return { initialsOf: room.fname ?? room.name ?? room._id, avatar: { file, storage: avatarStorage(this.settings, file.store) } };
      const parent: IRoom | null = room.prid ? await this.rooms.findById(room.prid) : null;
      if (!parent) break;
      room = parent;
    }
    if (room.t === 'd') {
      // A direct message shows the other member (oneself in a DM with oneself); `uids` and `usernames` are
      // not in the same order, so the member is found by id.
      const uids = room.uids ?? [];
      const counterpartId = uids.find((uid) => uid !== viewerId) ?? uids[0];
      const counterpart = counterpartId ? await this.users.findRoomUserById(counterpartId) : null;
      if (counterpart?.username) return this.userAvatar(counterpart.username);
    }
    return { initialsOf: room.fname ?? room.name ?? room._id };
  }

  private rules(): Omit<AvatarTicket, 'fileId' | 'storage'> {
    const max = this.settings.get<number>('FileUpload_MaxFileSize');
    return {
      maxFileSize: max < 0 ? MAX_AVATAR_BYTES : Math.min(max, MAX_AVATAR_BYTES),
      ...(this.settings.get<boolean>('Accounts_AvatarResize') && { resize: this.settings.get<number>('Accounts_AvatarSize') }),
    };
  }

  /** A body read here (a URL, a data URI) into the avatar storage. */
  private async store(source: AsyncIterable<Buffer | Uint8Array>): Promise<StoredAvatar> {
    const storage = avatarStorage(this.settings);
    const driver = await this.drivers.driverFor(storage);
    const fileId = randomId();
    const { maxFileSize, resize } = this.rules();
    const body = await storeAvatarBody(driver, fileId, source, { maxBytes: maxFileSize, resize });
    return {
      _id: fileId,
      size: body.size,
      type: body.type,
      store: storeName(driver.kind, 'Avatars'),
      identify: { format: body.format, size: { width: body.width, height: body.height } },
    };
  }

  private async recordOrRemove(owner: Owner, stored: StoredAvatar, origin: string): Promise<string> {
    try {
      return await this.record(owner, stored, origin);
    } catch (error) {
      await this.removeAll([stored]);
      throw error;
    }
  }

  /**
   * The stored body becomes the owner's avatar: its metadata, then the owner's new ETag and the announcement,
   * then the previous avatars go (so a reader always finds one).
   */
  private async record(owner: Owner, stored: StoredAvatar, origin: string): Promise<string> {
    const now = new Date();
    const etag = randomId();
    const avatar: IAvatar = {
      ...stored,
      ...owner,
      complete: true,
      uploading: false,
      progress: 1,
      etag,
      uploadedAt: now,
      _updatedAt: now,
    };
    await this.avatars.insert(avatar);
    if ('userId' in owner) {
      await this.users.setAvatarData(owner.userId, origin, etag);
      this.realtime.notifyLogged('updateAvatar', [{ username: owner.name, etag }]);
      await this.removeAll(await this.avatars.findByUserId(owner.userId, stored._id));
    } else {
      const room = await this.rooms.update(owner.rid, { $set: { avatarETag: etag } });
      if (room) this.realtime.roomChanged('updated', room);
      this.realtime.notifyLogged('updateAvatar', [{ rid: owner.rid, etag }]);
      await this.removeAll(await this.avatars.findByRoomId(owner.rid, stored._id));
    }
    return etag;
  }

  private async removeUserAvatars(user: RoomUser, origin: string | undefined): Promise<void> {
    await this.removeAll(await this.avatars.findByUserId(user._id));
    await this.users.setAvatarData(user._id, origin, undefined);
    this.realtime.notifyLogged('updateAvatar', [{ username: user.username }]);
  }

  /** Bodies first, then metadata; a body that cannot be removed is logged (nothing refers to it any more). */
  private async removeAll(avatars: Array<Pick<IAvatar, '_id' | 'store'>>): Promise<void> {
    await Promise.all(
      avatars.map(async ({ _id, store }) => {
        try {
          await (await this.drivers.driverFor(avatarStorage(this.settings, store))).delete(_id);
        } catch (error) {
          this.logger.warn(`could not remove the body of avatar ${_id} (${store}): ${(error as Error).message}`);
        }
      }),
    );
    await this.avatars.deleteByIds(avatars.map((avatar) => avatar._id));
  }

  private async assertMayChangeAvatars(userId: string, refusal: string): Promise<boolean> {
    const canEditOthers = await this.access.hasPermission(userId, 'edit-other-user-avatar');
    if (!this.settings.get<boolean>('Accounts_AllowUserAvatarChange') && !canEditOthers) {
      throw new DomainError(ErrorCode.NotAllowed, refusal);
    }
    return canEditOthers;
  }

  /**
   * Whose avatar changes: the caller's own (no `userId` / `username`, or their own) while
   * `Accounts_AllowUserAvatarChange`, anyone's with `edit-other-user-avatar`.
   */
  private async targetUser(actor: Actor, target: UserTarget, refusal: string, othersRefusal: DomainError): Promise<RoomUser> {
    const canEditOthers = await this.assertMayChangeAvatars(actor.userId, refusal);
    const self =
      (!target.userId && !target.username) || target.userId === actor.userId || (!target.userId && target.username === actor.username);
    if (!self && !canEditOthers) throw othersRefusal;
    const user = await this.users.findRoomUserByIdOrUsername(self ? { userId: actor.userId } : target);
    if (!user?.username) {
      throw new DomainError(ErrorCode.InvalidUser, 'The optional "userId" or "username" param provided does not match any users');
    }
    return user;
  }
}
