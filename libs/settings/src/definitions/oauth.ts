import { select, type SettingDefinition } from './setting-definition.js';

/**
 * Rocket.Chat's name for a custom OAuth service from what the administrator typed (`addOAuthService`):
 * lower case, letters, digits and `_` only, then capitalised (`my-IdP` → `Myidp`). Empty when nothing is left.
 */
export function customOAuthName(typed: string): string {
  const name = typed.toLowerCase().replace(/[^a-z0-9_]/g, '');
  return name ? name.charAt(0).toUpperCase() + name.slice(1) : '';
}

/** The settings' prefix of a custom service: `Accounts_OAuth_Custom-<Name>`; its sub-settings add `-<field>`. */
export const customOAuthPrefix = (name: string) => `Accounts_OAuth_Custom-${name}`;

/** Matches a custom service's enable setting (`Accounts_OAuth_Custom-Name`) or one of its sub-settings. */
export const CUSTOM_OAUTH_SETTING = /^Accounts_OAuth_Custom-([A-Za-z0-9_]+)(?:-([a-z_]+))?$/;

/**
 * The settings `addOAuthService` creates for a custom OAuth service, with Rocket.Chat's ids and defaults
 * (`server/lib/oauth/addOAuthService.ts`), group `OAuth`, section `Custom OAuth: <Name>`. Not public: the
 * clients read the enabled services from `meteor.loginServiceConfiguration`, never the client secret.
 */
export function customOAuthSettings(name: string): SettingDefinition[] {
  const prefix = customOAuthPrefix(name);
  const setting = (
    field: string | null,
    type: SettingDefinition['type'],
    packageValue: SettingDefinition['packageValue'],
    values?: string[],
  ) => ({
    _id: field ? `${prefix}-${field}` : prefix,
    type,
    packageValue,
    public: false,
    group: 'OAuth',
    section: `Custom OAuth: ${name}`,
    ...(values && { values: select(...values) }),
  });
  return [
    setting(null, 'boolean', false),
    setting('url', 'string', ''),
    setting('token_path', 'string', '/oauth/token'),
    setting('token_sent_via', 'select', 'payload', ['header', 'payload']),
    setting('identity_token_sent_via', 'select', 'default', ['default', 'header', 'payload']),
    setting('identity_path', 'string', '/me'),
    setting('authorize_path', 'string', '/oauth/authorize'),
    setting('scope', 'string', 'openid'),
    setting('access_token_param', 'string', 'access_token'),
    setting('id', 'string', ''),
    setting('secret', 'string', ''),
    setting('login_style', 'select', 'popup', ['redirect', 'popup', '']),
    setting('button_label_text', 'string', ''),
    setting('button_label_color', 'string', '#FFFFFF'),
    setting('button_color', 'string', '#1d74f5'),
    setting('key_field', 'select', 'username', ['username', 'email']),
    setting('username_field', 'string', ''),
    setting('email_field', 'string', ''),
    setting('name_field', 'string', ''),
    setting('avatar_field', 'string', ''),
    setting('roles_claim', 'string', 'roles'),
    setting('groups_claim', 'string', 'groups'),
    setting('channels_admin', 'string', 'rocket.cat'),
    setting('map_channels', 'boolean', false),
    setting('merge_roles', 'boolean', false),
    setting('roles_to_sync', 'string', ''),
    setting('merge_users', 'boolean', false),
    setting('merge_users_distinct_services', 'boolean', false),
    setting('show_button', 'boolean', true),
    setting('groups_channel_map', 'code', '{\n\t"rocket-admin": "admin",\n\t"tech-support": "support"\n}'),
  ];
}

/**
 * The OAuth group's settings every server has. Custom services' settings are created at run time by
 * `settings.addCustomOAuth` / `addOAuthService` (`customOAuthSettings`), as in Rocket.Chat.
 */
export const OAUTH_SETTINGS: SettingDefinition[] = [];
