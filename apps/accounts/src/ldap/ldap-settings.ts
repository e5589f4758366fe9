import type { SettingsCache } from '@rc/settings';

/** The LDAP settings one operation works with, read once (a change applies to the next login or sync). */
export interface LdapSettings {
  enabled: boolean;
  host: string;
  port: number;
  encryption: 'plain' | 'tls' | 'ssl';
  caCert: string;
  rejectUnauthorized: boolean;
  timeoutMs: number;
  connectTimeoutMs: number;
  authentication: { dn: string; password: string } | undefined;
  loginFallback: boolean;
  baseDn: string;
  userSearchFilter: string;
  userSearchScope: 'base' | 'one' | 'sub';
  userSearchField: string;
  searchSizeLimit: number;
  searchPageSize: number;
  groupFilter:
    { objectClass: string; groupIdAttribute: string; memberAttribute: string; memberFormat: string; groupName: string } | undefined;
  uniqueIdentifierField: string;
  mergeExistingUsers: boolean;
  updateDataOnLogin: boolean;
  defaultDomain: string;
  usernameField: string;
  emailField: string;
  nameField: string;
  roles: { baseDn: string; filter: string; map: string; autoRemove: boolean } | undefined;
  channels: { baseDn: string; filter: string; map: string; admin: string; enforce: boolean } | undefined;
  backgroundSync: { interval: string; importNewUsers: boolean; keepExistingUpdated: boolean } | undefined;
  activeState: 'none' | 'disable' | 'both';
}

type Reader = Pick<SettingsCache, 'get'>;

/** Rocket.Chat's getLDAPConditionalSetting: Active Directory servers read the `LDAP_AD_*` variant. */
function conditional(settings: Reader, ad: boolean, id: string): string {
  return settings.get<string>(ad ? id.replace(/^LDAP_/, 'LDAP_AD_') : id) ?? '';
}

export function readLdapSettings(settings: Reader): LdapSettings {
  const get = <T extends string | number | boolean>(id: string) => settings.get<T>(id);
  const ad = get<string>('LDAP_Server_Type') === 'ad';
  const scope = get<string>('LDAP_User_Search_Scope');
  return {
    enabled: get<boolean>('LDAP_Enable') === true,
    host: get<string>('LDAP_Host').trim(),
    port: Number(get<number>('LDAP_Port')) || 389,
    encryption: (['plain', 'tls', 'ssl'] as const).find((e) => e === get<string>('LDAP_Encryption')) ?? 'plain',
    caCert: get<string>('LDAP_CA_Cert'),
    rejectUnauthorized: get<boolean>('LDAP_Reject_Unauthorized') !== false,
    timeoutMs: Number(get<number>('LDAP_Timeout')) || 60_000,
    connectTimeoutMs: Number(get<number>('LDAP_Connect_Timeout')) || 1000,
    authentication:
      get<boolean>('LDAP_Authentication') === true
        ? { dn: get<string>('LDAP_Authentication_UserDN'), password: get<string>('LDAP_Authentication_Password') }
        : undefined,
    loginFallback: get<boolean>('LDAP_Login_Fallback') === true,
    baseDn: get<string>('LDAP_BaseDN').trim(),
    userSearchFilter: get<string>('LDAP_User_Search_Filter').trim(),
    userSearchScope: scope === 'base' || scope === 'one' ? scope : 'sub',
    userSearchField: conditional(settings, ad, 'LDAP_User_Search_Field'),
    searchSizeLimit: Number(get<number>('LDAP_Search_Size_Limit')) || 0,
    searchPageSize: Number(get<number>('LDAP_Search_Page_Size')) || 0,
    groupFilter:
      get<boolean>('LDAP_Group_Filter_Enable') === true
        ? {
            objectClass: get<string>('LDAP_Group_Filter_ObjectClass'),
            groupIdAttribute: get<string>('LDAP_Group_Filter_Group_Id_Attribute'),
            memberAttribute: get<string>('LDAP_Group_Filter_Group_Member_Attribute'),
            memberFormat: get<string>('LDAP_Group_Filter_Group_Member_Format'),
            groupName: get<string>('LDAP_Group_Filter_Group_Name'),
          }
        : undefined,
    uniqueIdentifierField: get<string>('LDAP_Unique_Identifier_Field'),
    mergeExistingUsers: get<boolean>('LDAP_Merge_Existing_Users') === true,
    updateDataOnLogin: get<boolean>('LDAP_Update_Data_On_Login') !== false,
    defaultDomain: get<string>('LDAP_Default_Domain').trim(),
    usernameField: conditional(settings, ad, 'LDAP_Username_Field'),
    emailField: conditional(settings, ad, 'LDAP_Email_Field'),
    nameField: conditional(settings, ad, 'LDAP_Name_Field'),
    roles:
      get<boolean>('LDAP_Sync_User_Data_Roles') === true
        ? {
            baseDn: get<string>('LDAP_Sync_User_Data_Roles_BaseDN').trim(),
            filter: get<string>('LDAP_Sync_User_Data_Roles_Filter'),
            map: get<string>('LDAP_Sync_User_Data_RolesMap'),
            autoRemove: get<boolean>('LDAP_Sync_User_Data_Roles_AutoRemove') === true,
          }
        : undefined,
    channels:
      get<boolean>('LDAP_Sync_User_Data_Channels') === true
        ? {
            baseDn: get<string>('LDAP_Sync_User_Data_Channels_BaseDN').trim(),
            filter: get<string>('LDAP_Sync_User_Data_Channels_Filter'),
            map: get<string>('LDAP_Sync_User_Data_ChannelsMap'),
            admin: get<string>('LDAP_Sync_User_Data_Channels_Admin'),
            enforce: get<boolean>('LDAP_Sync_User_Data_Channels_Enforce_AutoChannels') === true,
          }
        : undefined,
    backgroundSync:
      get<boolean>('LDAP_Background_Sync') === true
        ? {
            interval: get<string>('LDAP_Background_Sync_Interval'),
            importNewUsers: get<boolean>('LDAP_Background_Sync_Import_New_Users') !== false,
            keepExistingUpdated: get<boolean>('LDAP_Background_Sync_Keep_Existant_Users_Updated') !== false,
          }
        : undefined,
    activeState: (['none', 'disable', 'both'] as const).find((s) => s === get<string>('LDAP_Sync_User_Active_State')) ?? 'none',
  };
}
