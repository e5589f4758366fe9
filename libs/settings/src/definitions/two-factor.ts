import type { SettingDefinition } from './setting-definition.js';

const section = 'Two Factor Authentication';

/**
 * Rocket.Chat's Accounts › Two Factor Authentication section (`2fa/server/startup/settings.ts`): the switch for
 * every second-factor check (logins and sensitive actions), TOTP, the clock drift a TOTP code may have, how long a
 * passed check is remembered for a client, and the password standing in for users without a second factor.
 */
export const TWO_FACTOR_SETTINGS: SettingDefinition[] = [
  { _id: 'Accounts_TwoFactorAuthentication_Enabled', type: 'boolean', packageValue: true, public: true, group: 'Accounts', section },
  /** Time steps (30 s each) a TOTP code may be early or late; 0: the current step only. */
  { _id: 'Accounts_TwoFactorAuthentication_MaxDelta', type: 'int', packageValue: 1, public: false, group: 'Accounts', section },
  {
    _id: 'Accounts_TwoFactorAuthentication_By_TOTP_Enabled',
    type: 'boolean',
    packageValue: true,
    public: true,
    group: 'Accounts',
    section,
  },
  /** Seconds a passed check is remembered for the client (and a new user is not asked); 0: always ask. */
  { _id: 'Accounts_TwoFactorAuthentication_RememberFor', type: 'int', packageValue: 1800, public: false, group: 'Accounts', section },
  {
    _id: 'Accounts_TwoFactorAuthentication_Enforce_Password_Fallback',
    type: 'boolean',
    packageValue: true,
    public: true,
    group: 'Accounts',
    section,
  },
];
