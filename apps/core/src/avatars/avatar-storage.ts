import type { StorageConfig } from '@rc/contracts';
import { GRIDFS_AVATARS_BUCKET, storageTypeOf } from '@rc/file-storage';
import type { SettingsCache } from '@rc/settings';
import { storageConfig } from '../uploads/storage-settings.js';

/**
 * Where avatars live: the storage of `FileUpload_Storage_Type` (an avatar's own `store` when it is read), in
 * GridFS Rocket.Chat's `rocketchat_avatars` bucket; the file system and S3 keep them beside the uploads.
 */
export function avatarStorage(settings: SettingsCache, store?: string): StorageConfig {
  const config = storageConfig(settings, storageTypeOf(store));
  return config.type === 'GridFS' ? { ...config, bucket: GRIDFS_AVATARS_BUCKET } : config;
}

/** A `data:image/…;base64,…` URI's bytes (Rocket.Chat's `RocketChatFile.dataURIParse`); undefined if it is none. */
export function parseDataUri(uri: string): Buffer | undefined {
  const match = /^data:([a-z]+\/[a-z0-9.+-]+)?(;[a-z-]+=[^;,]*)*;base64,([A-Za-z0-9+/=\s]*)$/i.exec(uri.trim());
  if (!match) return undefined;
  const bytes = Buffer.from(match[3], 'base64');
  return bytes.length ? bytes : undefined;
}
