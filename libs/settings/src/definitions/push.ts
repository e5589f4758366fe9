import { select, type SettingDefinition } from './setting-definition.js';

/**
 * Rocket.Chat's Push group (ids and defaults as in its `push` settings), the notification defaults the push
 * rules read, and the troubleshooting switch that turns every message notification off.
 */
export const PUSH_SETTINGS: SettingDefinition[] = [
  { _id: 'Push_enable', type: 'boolean', packageValue: true, public: true, group: 'Push' },
  { _id: 'Push_enable_gateway', type: 'boolean', packageValue: true, public: false, group: 'Push' },
  // One gateway URL per line, as Rocket.Chat reads it.
  { _id: 'Push_gateway', type: 'string', packageValue: 'https://gateway.rocket.chat', public: false, group: 'Push' },
  { _id: 'Push_production', type: 'boolean', packageValue: true, public: false, group: 'Push', section: 'Certificates_and_Keys' },
  ...(
    [
      ['Push_apn_passphrase', 'password'],
      ['Push_apn_key', 'code'],
      ['Push_apn_cert', 'code'],
      ['Push_apn_dev_passphrase', 'password'],
      ['Push_apn_dev_key', 'code'],
      ['Push_apn_dev_cert', 'code'],
      ['Push_google_api_credentials', 'code'],
    ] as const
  ).map(([_id, type]): SettingDefinition => ({
    _id,
    type,
    packageValue: '',
    public: false,
    group: 'Push',
    section: 'Certificates_and_Keys',
  })),
  { _id: 'Push_show_username_room', type: 'boolean', packageValue: true, public: true, group: 'Push', section: 'Privacy' },
  { _id: 'Push_show_message', type: 'boolean', packageValue: true, public: true, group: 'Push', section: 'Privacy' },
  { _id: 'Push_request_content_from_server', type: 'boolean', packageValue: true, public: true, group: 'Push', section: 'Privacy' },
  { _id: 'Push_UseLegacy', type: 'boolean', packageValue: false, public: false, group: 'Push' },
  {
    _id: 'Accounts_Default_User_Preferences_pushNotifications',
    type: 'select',
    packageValue: 'all',
    public: true,
    group: 'Accounts',
    section: 'Accounts_Default_User_Preferences',
    values: select('all', 'mentions', 'nothing'),
  },
  {
    _id: 'Accounts_Default_User_Preferences_desktopNotifications',
    type: 'select',
    packageValue: 'all',
    public: true,
    group: 'Accounts',
    section: 'Accounts_Default_User_Preferences',
    values: select('all', 'mentions', 'nothing'),
  },
  { _id: 'Notifications_Max_Room_Members', type: 'int', packageValue: 100, public: false, group: 'General', section: 'Notifications' },
  { _id: 'UI_Use_Real_Name', type: 'boolean', packageValue: false, public: true, group: 'Layout' },
  { _id: 'Troubleshoot_Disable_Notifications', type: 'boolean', packageValue: false, public: false, group: 'Troubleshoot' },
];
