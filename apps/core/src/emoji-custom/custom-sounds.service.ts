import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { DomainError, ErrorCode, type Actor, type CustomSoundPage, type ICustomSound, type StorageConfig } from '@rc/contracts';
import { StorageDrivers } from '@rc/file-storage';
import { CustomizationsRepository } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { SettingsCache } from '@rc/settings';
import type { Connection } from 'mongoose';
import type { SortOrder } from 'mongoose';
import { AccessService } from '../common/access.service.js';
import { cappedCount } from '../common/pagination.js';
import { customAssetStorage, GRIDFS_SOUNDS_BUCKET } from './custom-asset-storage.js';

/**
 * Custom sounds (`rocketchat_custom_sounds`, bodies in the file storage under the sound's `_id`): the lists,
 * Rocket.Chat's `deleteCustomSound` (`manage-sounds`, announced as `deleteCustomSound` on stream-notify-all),
 * and what `GET /custom-sounds/:id.:ext` serves.
 */
@Injectable()
export class CustomSoundsService implements OnModuleDestroy {
  private readonly logger = new Logger(CustomSoundsService.name);
  private readonly drivers: StorageDrivers;

  constructor(
    private readonly repository: CustomizationsRepository,
    private readonly settings: SettingsCache,
    private readonly access: AccessService,
    private readonly realtime: RealtimePublisher,
    @InjectConnection() connection: Connection,
  ) {
    this.drivers = new StorageDrivers(() => Promise.resolve(connection.db!));
  }

  onModuleDestroy(): void {
    this.drivers.close();
  }

  list(): Promise<ICustomSound[]> {
    return this.repository.listSounds();
  }

  async page(request: { name?: string; sort?: Record<string, SortOrder>; offset: number; count: number }): Promise<CustomSoundPage> {
    const { name, sort, offset, count } = request;
    const { items, total } = await this.repository.pageSounds(
      name || undefined,
      sort && Object.keys(sort).length > 0 ? sort : { name: 1 },
      offset,
      cappedCount(count),
    );
    return { sounds: items, count: items.length, offset, total };
  }

  async delete(actor: Actor, soundId: string): Promise<{ ok: true }> {
    if (!(await this.access.hasPermission(actor.userId, 'manage-sounds'))) {
      throw new DomainError(ErrorCode.NotAuthorizedBare, 'Not authorized');
    }
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

  async forServe(_id: string): Promise<{ sound?: ICustomSound; storage?: StorageConfig }> {
    const sound = await this.repository.findSoundById(_id);
    return sound ? { sound, storage: this.storage() } : {};
  }

  private storage(): StorageConfig {
    return customAssetStorage(this.settings, GRIDFS_SOUNDS_BUCKET);
  }
}
