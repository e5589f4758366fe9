import { EMAIL_SETTINGS } from './email.js';
import { AVATAR_SETTINGS } from './avatars.js';
import { FILE_UPLOAD_SETTINGS } from './file-upload.js';
import { GENERAL_SETTINGS } from './general.js';
import { OAUTH_SETTINGS } from './oauth.js';
import { LDAP_SETTINGS } from './ldap.js';
import { MESSAGE_SEARCH_AND_DISCUSSION_SETTINGS } from './messages-search-discussions.js';
import { PUSH_SETTINGS } from './push.js';
import { RETENTION_POLICY_SETTINGS } from './retention-policy.js';
import { INTEGRATION_SETTINGS } from './integrations.js';
import { LIVECHAT_SETTINGS } from './livechat.js';
import type { SettingDefinition } from './setting-definition.js';
import { SETUP_WIZARD_SETTINGS } from './setup-wizard.js';
import { TWO_FACTOR_SETTINGS } from './two-factor.js';
import { USER_DATA_DOWNLOAD_SETTINGS } from './user-data-download.js';
import { VOIP_SETTINGS } from './voip.js';

export * from './setting-definition.js';
export { SETUP_WIZARD_SETTINGS };
export { customOAuthName, customOAuthPrefix, customOAuthSettings, CUSTOM_OAUTH_SETTING } from './oauth.js';

/**
 * Every setting this server implements, one file per Rocket.Chat group. Seeded by every app that reads settings
 * (an administrator's value is never overwritten); a new group adds a file and a line here.
 */
export const SETTING_DEFINITIONS: SettingDefinition[] = [
  ...GENERAL_SETTINGS,
  ...SETUP_WIZARD_SETTINGS,
  ...FILE_UPLOAD_SETTINGS,
  ...TWO_FACTOR_SETTINGS,
  ...OAUTH_SETTINGS,
  ...EMAIL_SETTINGS,
  ...LDAP_SETTINGS,
  ...PUSH_SETTINGS,
  ...INTEGRATION_SETTINGS,
  ...AVATAR_SETTINGS,
  ...VOIP_SETTINGS,
  ...MESSAGE_SEARCH_AND_DISCUSSION_SETTINGS,
  ...LIVECHAT_SETTINGS,
  ...RETENTION_POLICY_SETTINGS,
  ...USER_DATA_DOWNLOAD_SETTINGS,
];
