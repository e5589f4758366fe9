import { select, type SettingDefinition } from './setting-definition.js';

type Row = readonly [id: string, type: SettingDefinition['type'], packageValue: SettingDefinition['packageValue'], values?: string[]];

const section = (name: string, rows: readonly Row[], isPublic = false): SettingDefinition[] =>
  rows.map(([_id, type, packageValue, values]) => ({
    _id,
    type,
    packageValue,
    public: isPublic,
    group: 'LDAP',
    section: name,
    ...(values && { values: select(...values) }),
  }));

/**
 * Rocket.Chat's LDAP group (apps/meteor/server/settings/ldap.ts and the enterprise part, ee/server/settings/ldap.ts):
 * the same ids and defaults. The bind password and DN are secrets (never public).
 */
export const LDAP_SETTINGS: SettingDefinition[] = [
  ...section('LDAP_Connection', [['LDAP_Enable', 'boolean', false]], true),
  ...section('LDAP_Connection', [
    ['LDAP_Server_Type', 'select', 'ad', ['ad', '']],
    ['LDAP_Host', 'string', ''],
    ['LDAP_Port', 'int', 389],
    ['LDAP_Reconnect', 'boolean', false],
    ['LDAP_Login_Fallback', 'boolean', false],
  ]),
  ...section('LDAP_Connection_Authentication', [
    ['LDAP_Authentication', 'boolean', false],
    ['LDAP_Authentication_UserDN', 'string', ''],
    ['LDAP_Authentication_Password', 'password', ''],
  ]),
  ...section('LDAP_Connection_Encryption', [
    ['LDAP_Encryption', 'select', 'plain', ['plain', 'tls', 'ssl']],
    ['LDAP_CA_Cert', 'string', ''],
    ['LDAP_Reject_Unauthorized', 'boolean', true],
  ]),
  ...section('LDAP_Connection_Timeouts', [
    ['LDAP_Timeout', 'int', 60_000],
    ['LDAP_Connect_Timeout', 'int', 1000],
    ['LDAP_Idle_Timeout', 'int', 1000],
  ]),
  ...section('LDAP_UserSearch_Filter', [
    ['LDAP_Find_User_After_Login', 'boolean', true],
    ['LDAP_BaseDN', 'string', ''],
    ['LDAP_User_Search_Filter', 'string', '(objectclass=*)'],
    ['LDAP_User_Search_Scope', 'string', 'sub'],
    ['LDAP_AD_User_Search_Field', 'string', 'sAMAccountName'],
    ['LDAP_User_Search_Field', 'string', 'uid'],
    ['LDAP_Search_Page_Size', 'int', 250],
    ['LDAP_Search_Size_Limit', 'int', 1000],
  ]),
  ...section('LDAP_UserSearch_GroupFilter', [
    ['LDAP_Group_Filter_Enable', 'boolean', false],
    ['LDAP_Group_Filter_ObjectClass', 'string', 'groupOfUniqueNames'],
    ['LDAP_Group_Filter_Group_Id_Attribute', 'string', 'cn'],
    ['LDAP_Group_Filter_Group_Member_Attribute', 'string', 'uniqueMember'],
    ['LDAP_Group_Filter_Group_Member_Format', 'string', ''],
    ['LDAP_Group_Filter_Group_Name', 'string', 'ROCKET_CHAT'],
  ]),
  ...section('LDAP_DataSync', [
    ['LDAP_Unique_Identifier_Field', 'string', 'objectGUID,ibm-entryUUID,GUID,dominoUNID,nsuniqueId,uidNumber,uid'],
    ['LDAP_Merge_Existing_Users', 'boolean', false],
    ['LDAP_Update_Data_On_Login', 'boolean', true],
    ['LDAP_Default_Domain', 'string', ''],
  ]),
  ...section('LDAP_DataSync_DataMap', [
    ['LDAP_AD_Username_Field', 'string', 'sAMAccountName'],
    ['LDAP_Username_Field', 'string', 'uid'],
    ['LDAP_AD_Email_Field', 'string', 'mail'],
    ['LDAP_Email_Field', 'string', 'mail'],
    ['LDAP_AD_Name_Field', 'string', 'cn'],
    ['LDAP_Name_Field', 'string', 'cn'],
  ]),
  ...section('LDAP_DataSync_BackgroundSync', [
    ['LDAP_Background_Sync', 'boolean', false],
    [
      'LDAP_Background_Sync_Interval',
      'select',
      'every_24_hours',
      ['every_1_hour', 'every_6_hours', 'every_12_hours', 'every_24_hours', 'every_48_hours'],
    ],
    ['LDAP_Background_Sync_Import_New_Users', 'boolean', true],
    ['LDAP_Background_Sync_Keep_Existant_Users_Updated', 'boolean', true],
  ]),
  ...section('LDAP_DataSync_Advanced', [['LDAP_Sync_User_Active_State', 'select', 'disable', ['none', 'disable', 'both']]]),
  ...section('LDAP_DataSync_Roles', [
    ['LDAP_Sync_User_Data_Roles', 'boolean', false],
    ['LDAP_Sync_User_Data_Roles_AutoRemove', 'boolean', false],
    ['LDAP_Sync_User_Data_Roles_Filter', 'string', '(&(cn=#{groupName})(memberUid=#{username}))'],
    ['LDAP_Sync_User_Data_Roles_BaseDN', 'string', ''],
    ['LDAP_Sync_User_Data_RolesMap', 'code', '{\n\t"rocket-admin": "admin",\n\t"tech-support": "support"\n}'],
  ]),
  ...section('LDAP_DataSync_Channels', [
    ['LDAP_Sync_User_Data_Channels', 'boolean', false],
    ['LDAP_Sync_User_Data_Channels_Admin', 'string', 'rocket.cat'],
    ['LDAP_Sync_User_Data_Channels_Filter', 'string', '(&(cn=#{groupName})(memberUid=#{username}))'],
    ['LDAP_Sync_User_Data_Channels_BaseDN', 'string', ''],
    ['LDAP_Sync_User_Data_ChannelsMap', 'code', '{\n\t"employee": "general",\n\t"techsupport": [\n\t\t"helpdesk",\n\t\t"support"\n\t]\n}'],
    ['LDAP_Sync_User_Data_Channels_Enforce_AutoChannels', 'boolean', false],
  ]),
];
