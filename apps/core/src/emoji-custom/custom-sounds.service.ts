import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type CustomSoundPage, type ICustomSound, type StorageConfig } from '@rc/contracts';
import { CustomizationsRepository } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { PageSize, SettingsCache } from '@rc/settings';
import { CoreStorage } from '../common/core-storage.js';
import type { SortOrder } from 'mongoose';
import { AccessService } from '../common/access.service.js';
import { customAssetStorage, GRIDFS_SOUNDS_BUCKET, MAX_CUSTOM_ASSET_BYTES } from './custom-asset-storage.js';

/** Rocket.Chat's sound name rule. */
const VALID_SOUND_NAME = /^[0-9a-zA-Z\-_+;.]+$/;

/**
 * Custom sounds (`rocketchat_custom_sounds`, bodies in the file storage under the sound's `_id`): the lists,
 * Rocket.Chat's `deleteCustomSound` (`manage-sounds`, announced as `deleteCustomSound` on stream-notify-all),
 * and what `GET /custom-sounds/:id.:ext` serves.
 */
@Injectable()
export class CustomSoundsService {
  private readonly logger = new Logger(CustomSoundsService.name);

  constructor(
    private readonly pageSize: PageSize,
    private readonly repository: CustomizationsRepository,
    private readonly settings: SettingsCache,
    private readonly access: AccessService,
    private readonly realtime: RealtimePublisher,
    private readonly drivers: CoreStorage,
  ) {}

  list(): Promise<ICustomSound[]> {
    return this.repository.listSounds();
  }

  async page(request: { name?: string; sort?: Record<string, SortOrder>; offset: number; count?: number }): Promise<CustomSoundPage> {
    const { name, sort, offset, count } = request;
    const { items, total } = await this.repository.pageSounds(
      name || undefined,
      sort && Object.keys(sort).length > 0 ? sort : { name: 1 },
      offset,
      this.pageSize.count(count),
    );
    return { sounds: items, count: items.length, offset, total };
  }

  /** Rocket.Chat's `insertOrUpdateSound`: the name (`[0-9a-zA-Z-_+;.]`, colons stripped) unique among sounds. */
  async save(actor: Actor, request: { _id?: string; name: string; extension: string }): Promise<{ sound: ICustomSound; created: boolean }> {
    await this.requireManager(actor);
    const existing = request._id === undefined ? null : await this.repository.findSoundById(request._id);
    if (request._id !== undefined && !existing) throw new DomainError(ErrorCode.CustomSoundInvalid, 'Invalid sound');
    if (!request.name.trim()) throw new DomainError(ErrorCode.FieldRequired, 'The field Name is required', { field: 'Name' });
    const name = request.name.trim().replace(/:/g, '');
    if (!VALID_SOUND_NAME.test(name)) {
      throw new DomainError(ErrorCode.InvalidField, `${name} is not a valid name`, { input: name, field: 'Name' });
    }
    if (await this.repository.soundNameTaken(name, existing?._id)) {
      throw new DomainError(ErrorCode.CustomSoundNameInUse, 'The custom sound name is already in use');
    }
    const extension = request.extension.toLowerCase();
    const sound = existing
      ? await this.repository.updateSound(existing._id, { name, extension })
      : await this.repository.insertSound({ name, extension });
    if (!sound) throw new DomainError(ErrorCode.CustomSoundInvalid, 'Invalid sound');
    return { sound, created: !existing };
  }

  /**
   * Rocket.Chat's `uploadCustomSound`, first half: the caller may, the sound exists; the gateway stores the body
   * (sniffed as audio) under the sound's `_id` and reports it with `uploaded`.
   */
  async startUpload(actor: Actor, soundId: string): Promise<{ storage: StorageConfig; key: string; maxBytes: number }> {
    await this.requireManager(actor);
    const sound = await this.repository.findSoundById(soundId);
    if (!sound) throw new DomainError(ErrorCode.CustomSoundInvalid, 'Invalid sound');
    const max = this.settings.get<number>('FileUpload_MaxFileSize');
    return { storage: this.storage(), key: sound._id, maxBytes: max < 0 ? MAX_CUSTOM_ASSET_BYTES : Math.min(max, MAX_CUSTOM_ASSET_BYTES) };
  }

  /** The body is stored: its size recorded, a new `_updatedAt` (the served ETag changes), `updateCustomSound`. */
  async uploaded(actor: Actor, { soundId, size }: { soundId: string; size: number; type: string }): Promise<{ ok: true }> {
    await this.requireManager(actor);
    const sound = await this.repository.findSoundById(soundId);
    if (!sound) throw new DomainError(ErrorCode.CustomSoundInvalid, 'Invalid sound');
    const updated = (await this.repository.updateSound(sound._id, { extension: sound.extension, size })) ?? sound;
    this.realtime.notifyAll('updateCustomSound', [{ soundData: updated }]);
    return { ok: true };
  }

  async delete(actor: Actor, soundId: string): Promise<{ ok: true }> {
    await this.requireManager(actor);
    const sound = await this.repository.findSoundById(soundId);
    if (!sound) throw new DomainError(ErrorCode.CustomSoundInvalid, 'Invalid sound', { method: 'deleteCustomSound' });
    await this.repository.deleteSound(soundId);
    try {
      await (await this.drivers.driverFor(this.storage())).delete(soundId);
    } catch (error) {
      this.logger.warn(`could not remove the sound body ${soundId}: ${(error as Error).message}`);
    }
    this.realtime.notifyAll('deleteCustomSound', [{ soundData: sound }]);
    return { ok: true };
  }

  async getOne(_id: string): Promise<{ _id: string; name: string }> {
    const sound = await this.repository.findSoundById(_id);
    if (!sound) throw new DomainError(ErrorCode.NotFound, 'Custom Sound not found.');
    return { _id: sound._id, name: sound.name };
  }

  async forServe(_id: string): Promise<{ sound?: ICustomSound; storage?: StorageConfig }> {
    const sound = await this.repository.findSoundById(_id);
    return sound ? { sound, storage: this.storage() } : {};
  }

  private async requireManager(actor: Actor): Promise<void> {
    if (!(await this.access.hasPermission(actor.userId, 'manage-sounds'))) {
      throw new DomainError(ErrorCode.NotAuthorizedBare, 'Not authorized');
    }
  }

  private storage(): StorageConfig {
    return customAssetStorage(this.settings, GRIDFS_SOUNDS_BUCKET);
  }
}
