import type { StorageConfig } from '@rc/contracts';
import type { SettingsCache } from '@rc/settings';
import { storageConfig } from '../uploads/storage-settings.js';

/** Rocket.Chat's GridFS buckets of the custom emoji and custom sounds stores. */
export const GRIDFS_EMOJI_BUCKET = 'custom_emoji';
export const GRIDFS_SOUNDS_BUCKET = 'custom_sounds';

/** The largest emoji image or sound accepted: `FileUpload_MaxFileSize`, at most 20 MB. */
export const MAX_CUSTOM_ASSET_BYTES = 20 * 1024 * 1024;

/**
 * Where custom emoji and sounds live: the storage of `FileUpload_Storage_Type`, in GridFS Rocket.Chat's own
 * bucket; the file system and S3 keep them beside the uploads (under random keys, so they never collide).
 */
export function customAssetStorage(settings: SettingsCache, bucket: string): StorageConfig {
  const config = storageConfig(settings);
  return config.type === 'GridFS' ? { ...config, bucket } : config;
}
