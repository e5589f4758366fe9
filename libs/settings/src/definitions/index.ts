import { AVATAR_SETTINGS } from './avatars.js';
import { FILE_UPLOAD_SETTINGS } from './file-upload.js';
import { GENERAL_SETTINGS } from './general.js';
import type { SettingDefinition } from './setting-definition.js';
import { SETUP_WIZARD_SETTINGS } from './setup-wizard.js';

export * from './setting-definition.js';
export { SETUP_WIZARD_SETTINGS };

/**
 * Every setting this server implements, one file per Rocket.Chat group. Seeded by every app that reads settings
 * (an administrator's value is never overwritten); a new group adds a file and a line here.
 */
export const SETTING_DEFINITIONS: SettingDefinition[] = [
  ...GENERAL_SETTINGS,
  ...SETUP_WIZARD_SETTINGS,
  ...FILE_UPLOAD_SETTINGS,
  ...AVATAR_SETTINGS,
];
