import { Injectable, Logger } from '@nestjs/common';
import { storageTypeOf } from '@rc/file-storage';
import { UploadsRepository } from '@rc/models';
import { SettingsCache } from '@rc/settings';
import { CoreStorage } from '../common/core-storage.js';
import { storageConfig } from './storage-settings.js';

/**
 * Removes uploads, bodies first and then metadata, when what showed them goes: a deleted message's files (and
 * their thumbnails), every file of a deleted room. Core reaches the storage through the same library as the
 * gateway (GridFS on its own connection; the FileSystem path must be the same volume, as for Rocket.Chat's
 * instances). A body that cannot be removed is logged, and its metadata removed all the same: nothing
 * refers to it any more.
 */
@Injectable()
export class FileRemover {
  private readonly logger = new Logger(FileRemover.name);

  constructor(
    private readonly uploads: UploadsRepository,
    private readonly settings: SettingsCache,
    private readonly drivers: CoreStorage,
  ) {}

  /** These uploads and their thumbnails. */
  async remove(fileIds: string[]): Promise<void> {
    if (fileIds.length) await this.removeAll(await this.uploads.findWithThumbnails(fileIds));
  }

  /** Every upload of a room. */
  async removeRoomFiles(rid: string): Promise<void> {
    await this.removeAll(await this.uploads.findByRooms([rid]));
  }

  /** Uploads whose message never came, past their 24 hours (a batch; the sweeper calls again). */
  async removeExpired(limit = 500): Promise<number> {
    const expired = await this.uploads.findExpired(new Date(), limit);
    await this.removeAll(expired);
    return expired.length;
  }

  private async removeAll(uploads: Array<{ _id: string; store: string }>): Promise<void> {
    await Promise.all(
      uploads.map(async ({ _id, store }) => {
        const type = storageTypeOf(store);
        if (!type) return;
        try {
          const driver = await this.drivers.driverFor(storageConfig(this.settings, type));
          await driver.delete(_id);
        } catch (error) {
          this.logger.warn(`could not remove the body of upload ${_id} (${store}): ${(error as Error).message}`);
        }
      }),
    );
    await this.uploads.deleteByIds(uploads.map((upload) => upload._id));
  }
}
