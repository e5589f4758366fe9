import type { StorageType } from './file-storage-driver.js';

export type { S3StorageConfig, StorageConfig } from '@rc/contracts';

/** Rocket.Chat's `store` field of an upload: the storage type and the store's name. */
export const storeName = (type: StorageType, store = 'Uploads'): string => `${type}:${store}`;

/** The storage type an upload's `store` field names (`GridFS:Uploads` → GridFS). */
export function storageTypeOf(store: string | undefined): StorageType | undefined {
  const type = store?.split(':')[0];
  return type === 'GridFS' || type === 'FileSystem' || type === 'AmazonS3' ? type : undefined;
}
