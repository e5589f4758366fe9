import { Injectable, Logger } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type Actor,
  type EmojiCustomPage,
  type EmojiTicket,
  type IEmojiCustom,
  type RpcParsedRequest,
  type StorageConfig,
} from '@rc/contracts';
import type { emojiCustomList, emojiCustomPage, emojiCustomSave } from '@rc/contracts';
import { EmojiCustomRepository, randomId, TRASHED, TrashRepository } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { PageSize, SettingsCache } from '@rc/settings';
import { CoreStorage } from '../common/core-storage.js';
import { AccessService } from '../common/access.service.js';
import { customAssetStorage, GRIDFS_EMOJI_BUCKET, MAX_CUSTOM_ASSET_BYTES } from './custom-asset-storage.js';
import { emojiNames } from './emoji-names.js';

type ListRequest = Omit<RpcParsedRequest<typeof emojiCustomList>, 'actor'>;
type PageRequest = Omit<RpcParsedRequest<typeof emojiCustomPage>, 'actor'>;
type SaveRequest = Omit<RpcParsedRequest<typeof emojiCustomSave>, 'actor'>;

/**
 * Custom emoji (Rocket.Chat's `insertOrUpdateEmoji`, `deleteEmojiCustom`, the lists): `rocketchat_custom_emoji`
 * owned here, images in the file storage under the emoji's `etag` (a new key for every new image, so a cached
 * `/emoji-custom/<name>.<ext>?etag` never shows a stale picture). Changes are announced on stream-notify-logged
 * (`updateEmojiCustom`, `deleteEmojiCustom`); deletions are kept in the trash for `emoji-custom.list`'s sync.
 */
@Injectable()
export class EmojiCustomService {
  private readonly logger = new Logger(EmojiCustomService.name);

  constructor(
    private readonly pageSize: PageSize,
    private readonly emojis: EmojiCustomRepository,
    private readonly trash: TrashRepository,
    private readonly settings: SettingsCache,
    private readonly access: AccessService,
    private readonly realtime: RealtimePublisher,
    private readonly drivers: CoreStorage,
  ) {}

  async list({ updatedSince, _updatedAt, _id, query }: ListRequest) {
    const since = [updatedSince, _updatedAt].filter((d): d is Date => d !== undefined).sort((a, b) => b.getTime() - a.getTime())[0];
    const update = await this.emojis.find({ ...query, ...(_id !== undefined && { _id }), ...(since && { _updatedAt: { $gt: since } }) });
    const remove = updatedSince ? await this.trash.findEmojisDeletedSince(updatedSince) : [];
    return { update, remove };
  }

  async page({ query, sort, offset, count }: PageRequest): Promise<EmojiCustomPage> {
    const { items, total } = await this.emojis.page(
      query ?? {},
      sort && Object.keys(sort).length > 0 ? sort : { name: 1 },
      offset,
      this.pageSize.count(count),
    );
    return { emojis: items, count: items.length, offset, total };
  }

  async start(actor: Actor): Promise<EmojiTicket> {
    await this.requireManager(actor);
    const max = this.settings.get<number>('FileUpload_MaxFileSize');
    return {
      key: randomId(),
      maxFileSize: max < 0 ? MAX_CUSTOM_ASSET_BYTES : Math.min(max, MAX_CUSTOM_ASSET_BYTES),
      storage: this.storage(),
    };
  }

  async save(
    actor: Actor,
    { _id, name: rawName, aliases: rawAliases, file }: SaveRequest,
  ): Promise<{ emoji: IEmojiCustom; created: boolean }> {
    await this.requireManager(actor);
    const existing = _id === undefined ? null : await this.emojis.findById(_id);
    if (_id !== undefined && !existing) throw new DomainError(ErrorCode.CustomEmojiInvalid, 'Emoji not found.');
    const { name, aliases } = emojiNames(rawName, rawAliases);
    if (await this.emojis.anyNameTaken([name, ...aliases], existing?._id)) {
      throw new DomainError(ErrorCode.CustomEmojiNameInUse, 'The custom emoji or one of its aliases is already in use');
    }
    if (!existing && !file) throw new DomainError(ErrorCode.FieldRequired, 'The custom emoji file is required');
    const image = file && { extension: file.type.slice('image/'.length), etag: file.key };

    let emoji: IEmojiCustom | null;
    if (existing) {
      emoji = await this.emojis.update(existing._id, { name, aliases, ...image });
      if (!emoji) throw new DomainError(ErrorCode.CustomEmojiInvalid, 'Emoji not found.');
      if (image && existing.etag) await this.removeBody(existing.etag);
    } else {
      emoji = await this.emojis.insert({ name, aliases, ...image! });
    }
    this.realtime.notifyLogged('updateEmojiCustom', [
      { emojiData: { ...emoji, ...(existing && existing.name !== name && { previousName: existing.name }) } },
    ]);
    return { emoji, created: !existing };
  }

  async delete(actor: Actor, emojiId: string): Promise<{ ok: true }> {
    await this.requireManager(actor);
    const emoji = await this.emojis.findById(emojiId);
    if (!emoji) throw new DomainError(ErrorCode.CustomEmojiInvalid, 'Invalid emoji', { method: 'deleteEmojiCustom' });
    await this.trash.put(TRASHED.emojiCustom, [emoji]);
    await this.emojis.delete(emojiId);
    if (emoji.etag) await this.removeBody(emoji.etag);
    this.realtime.notifyLogged('deleteEmojiCustom', [{ emojiData: emoji }]);
    return { ok: true };
  }

  async forServe(name: string): Promise<{ emoji?: IEmojiCustom; storage?: StorageConfig }> {
    const emoji = await this.emojis.findByNameOrAlias(name);
    return emoji ? { emoji, storage: this.storage() } : {};
  }

  private storage(): StorageConfig {
    return customAssetStorage(this.settings, GRIDFS_EMOJI_BUCKET);
  }

  private async removeBody(key: string): Promise<void> {
    try {
      await (await this.drivers.driverFor(this.storage())).delete(key);
    } catch (error) {
      this.logger.warn(`could not remove the emoji image ${key}: ${(error as Error).message}`);
    }
  }

  private async requireManager(actor: Actor): Promise<void> {
    if (!(await this.access.hasPermission(actor.userId, 'manage-emoji'))) {
      throw new DomainError(ErrorCode.NotAuthorizedBare, 'Not authorized');
    }
  }
}
