import { select, type SettingDefinition } from './setting-definition.js';

/** Rocket.Chat's FileUpload group: limits, the storage and its credentials, thumbnails. */
export const FILE_UPLOAD_SETTINGS: SettingDefinition[] = [
  { _id: 'FileUpload_Enabled', type: 'boolean', packageValue: true, public: true, group: 'FileUpload' },
  { _id: 'FileUpload_MaxFileSize', type: 'int', packageValue: 104_857_600, public: true, group: 'FileUpload' },
  { _id: 'FileUpload_MediaTypeWhiteList', type: 'string', packageValue: '', public: true, group: 'FileUpload' },
  { _id: 'FileUpload_MediaTypeBlackList', type: 'string', packageValue: 'image/svg+xml', public: true, group: 'FileUpload' },
  { _id: 'FileUpload_ProtectFiles', type: 'boolean', packageValue: true, public: true, group: 'FileUpload' },
  { _id: 'FileUpload_RotateImages', type: 'boolean', packageValue: true, public: true, group: 'FileUpload' },
  {
    _id: 'FileUpload_Storage_Type',
    type: 'select',
    packageValue: 'GridFS',
    public: false,
    group: 'FileUpload',
    values: select('GridFS', 'AmazonS3', 'FileSystem'),
  },
  // Empty: `uploads` in the gateway's working directory.
  { _id: 'FileUpload_FileSystemPath', type: 'string', packageValue: '', public: false, group: 'FileUpload', section: 'File System' },
  ...(
    [
      ['FileUpload_S3_Bucket', 'string', ''],
      ['FileUpload_S3_Region', 'string', ''],
      ['FileUpload_S3_BucketURL', 'string', ''],
      ['FileUpload_S3_ForcePathStyle', 'boolean', false],
      ['FileUpload_S3_AWSAccessKeyId', 'string', ''],
      ['FileUpload_S3_AWSSecretAccessKey', 'password', ''],
      ['FileUpload_S3_URLExpiryTimeSpan', 'int', 120],
      ['FileUpload_S3_Proxy_Uploads', 'boolean', false],
      ['FileUpload_S3_Proxy_Avatars', 'boolean', false],
    ] as const
  ).map(([_id, type, packageValue]): SettingDefinition => ({
    _id,
    type,
    packageValue,
    public: false,
    group: 'FileUpload',
    section: 'Amazon S3',
  })),
  { _id: 'Message_Attachments_Thumbnails_Enabled', type: 'boolean', packageValue: true, public: true, group: 'Message' },
  { _id: 'Message_Attachments_Thumbnails_Width', type: 'int', packageValue: 480, public: true, group: 'Message' },
  { _id: 'Message_Attachments_Thumbnails_Height', type: 'int', packageValue: 360, public: true, group: 'Message' },
  { _id: 'Message_Attachments_Strip_Exif', type: 'boolean', packageValue: false, public: true, group: 'Message' },
];
