import type { SettingDefinition } from './setting-definition.js';

/** Rocket.Chat's avatar settings (group Accounts, section Avatar). */
export const AVATAR_SETTINGS: SettingDefinition[] = [
  { _id: 'Accounts_AllowUserAvatarChange', type: 'boolean', packageValue: true, public: true, group: 'Accounts', section: 'Avatar' },
  { _id: 'Accounts_AvatarResize', type: 'boolean', packageValue: true, public: false, group: 'Accounts', section: 'Avatar' },
  { _id: 'Accounts_AvatarSize', type: 'int', packageValue: 200, public: false, group: 'Accounts', section: 'Avatar' },
  { _id: 'Accounts_AvatarCacheTime', type: 'int', packageValue: 3600, public: false, group: 'Accounts', section: 'Avatar' },
];
