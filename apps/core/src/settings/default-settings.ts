import type { ISetting } from '@rc/contracts';
import { SETUP_WIZARD_SETTINGS } from '../setup-wizard/setup-wizard-settings.js';

export type SettingDefinition = Pick<ISetting, '_id' | 'type' | 'packageValue' | 'public' | 'group' | 'section' | 'values' | 'wizard'>;

const select = (...keys: string[]) => keys.map((key) => ({ key, i18nLabel: key }));

/**
 * The settings this server implements, with Rocket.Chat's ids, types, defaults and visibility. Seeded on
 * first start (an administrator's value is never overwritten).
 */
export const DEFAULT_SETTINGS: SettingDefinition[] = [
  // General
  { _id: 'Site_Name', type: 'string', packageValue: 'Rocket.Chat', public: true, group: 'General' },
  { _id: 'Site_Url', type: 'string', packageValue: 'http://localhost:3000', public: true, group: 'General' },
  {
    _id: 'UTF8_Channel_Names_Validation',
    type: 'string',
    packageValue: '[0-9a-zA-Z-_.]+',
    public: true,
    group: 'General',
    section: 'UTF8',
  },
  { _id: 'UTF8_User_Names_Validation', type: 'string', packageValue: '[0-9a-zA-Z-_.]+', public: true, group: 'General', section: 'UTF8' },
  { _id: 'Store_Last_Message', type: 'boolean', packageValue: true, public: true, group: 'General' },
  {
    _id: 'Unread_Count',
    type: 'select',
    packageValue: 'user_and_group_mentions_only',
    public: true,
    group: 'General',
    values: select('all_messages', 'user_mentions_only', 'group_mentions_only', 'user_and_group_mentions_only'),
  },
  {
    _id: 'Unread_Count_DM',
    type: 'select',
    packageValue: 'all_messages',
    public: true,
    group: 'General',
    values: select('all_messages', 'mentions_only'),
  },
  { _id: 'DirectMesssage_maxUsers', type: 'int', packageValue: 8, public: true, group: 'Message' },
  { _id: 'Accounts_AllowAnonymousRead', type: 'boolean', packageValue: false, public: true, group: 'Accounts' },
  // Message
  { _id: 'Message_MaxAllowedSize', type: 'int', packageValue: 5000, public: true, group: 'Message' },
  { _id: 'Message_AllowEditing', type: 'boolean', packageValue: true, public: true, group: 'Message' },
  { _id: 'Message_AllowEditing_BlockEditInMinutes', type: 'int', packageValue: 0, public: true, group: 'Message' },
  { _id: 'Message_AllowDeleting', type: 'boolean', packageValue: true, public: true, group: 'Message' },
  { _id: 'Message_AllowDeleting_BlockDeleteInMinutes', type: 'int', packageValue: 0, public: true, group: 'Message' },
  { _id: 'Message_AllowPinning', type: 'boolean', packageValue: true, public: true, group: 'Message' },
  { _id: 'Message_AllowStarring', type: 'boolean', packageValue: true, public: true, group: 'Message' },
  { _id: 'Message_ShowEditedStatus', type: 'boolean', packageValue: true, public: true, group: 'Message' },
  { _id: 'Message_MaxAll', type: 'int', packageValue: 0, public: true, group: 'Message' },
  // What becomes of a deleted user's messages.
  {
    _id: 'Message_ErasureType',
    type: 'select',
    packageValue: 'Delete',
    public: true,
    group: 'Message',
    values: select('Keep', 'Delete', 'Unlink'),
  },
  // NPS: Rocket.Chat's opt-out, and where results go (its cloud there: a hidden setting; an administrator's here).
  { _id: 'NPS_survey_enabled', type: 'boolean', packageValue: true, public: false, group: 'General', section: 'NPS' },
  { _id: 'Nps_Url', type: 'string', packageValue: 'https://nps.rocket.chat', public: false, group: 'Cloud' },
  { _id: 'Threads_enabled', type: 'boolean', packageValue: true, public: true, group: 'Message', section: 'Threads' },
  // The setup wizard's (Rocket.Chat's Setup_Wizard group, and Show_Setup_Wizard).
  ...SETUP_WIZARD_SETTINGS,
  // File upload
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
];
