import type { StorageConfig } from '@rc/contracts';
import type { SettingsCache } from '@rc/settings';

type StorageType = StorageConfig['type'];

/** The configuration of a storage type from the `FileUpload_*` settings (an upload's own type for downloads). */
export function storageConfig(
  settings: SettingsCache,
  type: StorageType = settings.get<StorageType>('FileUpload_Storage_Type'),
): StorageConfig {
  switch (type) {
    case 'FileSystem':
      return { type, path: settings.get<string>('FileUpload_FileSystemPath') || 'uploads' };
    case 'AmazonS3':
      return {
        type,
        bucket: settings.get<string>('FileUpload_S3_Bucket'),
        region: settings.get<string>('FileUpload_S3_Region'),
        endpoint: settings.get<string>('FileUpload_S3_BucketURL'),
        forcePathStyle: settings.get<boolean>('FileUpload_S3_ForcePathStyle'),
        accessKeyId: settings.get<string>('FileUpload_S3_AWSAccessKeyId'),
        secretAccessKey: settings.get<string>('FileUpload_S3_AWSSecretAccessKey'),
        urlExpirySeconds: settings.get<number>('FileUpload_S3_URLExpiryTimeSpan'),
        proxy: settings.get<boolean>('FileUpload_S3_Proxy_Uploads'),
      };
    default:
      return { type: 'GridFS' };
  }
}
