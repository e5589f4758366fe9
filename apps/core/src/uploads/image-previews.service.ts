import { Injectable, Logger } from '@nestjs/common';
import type { IUpload } from '@rc/contracts';
import { storageTypeOf } from '@rc/file-storage';
import { SettingsCache } from '@rc/settings';
import { CoreStorage } from '../common/core-storage.js';
import sharp from 'sharp';
import { storageConfig } from './storage-settings.js';

/** Formats sharp decodes (as the gateway's thumbnails). */
const DECODABLE = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/tiff', 'image/avif']);
/** sharp holds its input whole: larger originals get no preview (their thumbnail is used when there is one). */
const MAX_SOURCE_BYTES = 32 * 1024 * 1024;
const MAX_PIXELS = 50_000_000;

/**
 * Rocket.Chat's `image_preview` (`FileUpload.resizeImagePreview`): a blurred JPEG of at most 32 × 32 pixels,
 * base64, that clients show while the image loads. Made from the thumbnail when there is one (a few KB to
 * read), else from the original. A preview that cannot be made is left out: the message goes on without it.
 */
@Injectable()
export class ImagePreviews {
  private readonly logger = new Logger(ImagePreviews.name);

  constructor(
    private readonly settings: SettingsCache,
    private readonly drivers: CoreStorage,
  ) {}

  async of(upload: IUpload, thumbnail?: IUpload): Promise<string | undefined> {
    const source = thumbnail ?? upload;
    if (!DECODABLE.has(source.type) || source.size > MAX_SOURCE_BYTES) return undefined;
    try {
      const driver = await this.drivers.driverFor(storageConfig(this.settings, storageTypeOf(source.store)));
      const transformer = sharp({ limitInputPixels: MAX_PIXELS, failOn: 'error' })
        .resize({ width: 32, height: 32, fit: 'inside' })
        .jpeg()
        .blur();
      const preview = transformer.toBuffer();
      const body = await driver.read(source._id);
      body.once('error', (error) => transformer.destroy(error));
      body.pipe(transformer);
      return (await preview).toString('base64');
    } catch (error) {
      this.logger.warn(`no image preview for upload ${source._id}: ${(error as Error).message}`);
      return undefined;
    }
  }
}
