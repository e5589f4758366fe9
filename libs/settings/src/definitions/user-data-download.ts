import type { SettingDefinition } from './setting-definition.js';

const GROUP = { public: true, group: 'UserDataDownload' } as const;

/**
 * Rocket.Chat's UserDataDownload group (ids and defaults as in its registry): the export of a user's data
 * (`users.requestDataDownload`), how often the export job runs (minutes) and how many messages it reads at a
 * time. `UserData_FileSystemPath` / `_ZipPath` are kept for the admin screen only: the zip is written straight
 * into the file storage, never to the local disk.
 */
export const USER_DATA_DOWNLOAD_SETTINGS: SettingDefinition[] = [
  { _id: 'UserData_EnableDownload', type: 'boolean', packageValue: true, ...GROUP },
  { _id: 'UserData_FileSystemPath', type: 'string', packageValue: '', ...GROUP },
  { _id: 'UserData_FileSystemZipPath', type: 'string', packageValue: '', ...GROUP },
  { _id: 'UserData_ProcessingFrequency', type: 'int', packageValue: 2, ...GROUP },
  { _id: 'UserData_MessageLimitPerRequest', type: 'int', packageValue: 1000, ...GROUP },
];
