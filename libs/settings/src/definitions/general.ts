import { select, type SettingDefinition } from './setting-definition.js';

/** General and message settings. */
export const GENERAL_SETTINGS: SettingDefinition[] = [
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
  { _id: 'Nps_Url', type: 'string', packageValue: 'https://nps.rocket.chat', public: false, hidden: false, group: 'Cloud' },
  { _id: 'Threads_enabled', type: 'boolean', packageValue: true, public: true, group: 'Message', section: 'Threads' },
];
