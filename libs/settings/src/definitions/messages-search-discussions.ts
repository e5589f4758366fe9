import { select, type SettingDefinition } from './setting-definition.js';

/**
 * Rocket.Chat's message search (group Search, the default provider's settings), discussions (group Discussion)
 * and the username settings of the users' daily path (group Accounts).
 */
export const MESSAGE_SEARCH_AND_DISCUSSION_SETTINGS: SettingDefinition[] = [
  {
    _id: 'Search.Provider',
    type: 'select',
    packageValue: 'defaultProvider',
    public: true,
    group: 'Search',
    values: select('defaultProvider'),
  },
  {
    _id: 'Search.defaultProvider.GlobalSearchEnabled',
    type: 'boolean',
    packageValue: false,
    public: true,
    group: 'Search',
    section: 'Default_provider',
  },
  { _id: 'Search.defaultProvider.PageSize', type: 'int', packageValue: 10, public: true, group: 'Search', section: 'Default_provider' },
  // A plain search text as a regular expression instead of a word search.
  { _id: 'Message_AlwaysSearchRegExp', type: 'boolean', packageValue: false, public: false, group: 'Message' },
  { _id: 'Discussion_enabled', type: 'boolean', packageValue: true, public: true, group: 'Discussion' },
  // `users.checkUsernameAvailability` refuses a user who has a username when usernames may not change.
  { _id: 'Accounts_AllowUsernameChange', type: 'boolean', packageValue: true, public: true, group: 'Accounts' },
  // The base of `getUsernameSuggestion`'s numbered fallback for a user with no name and no verified address.
  { _id: 'Accounts_DefaultUsernamePrefixSuggestion', type: 'string', packageValue: 'user', public: false, group: 'Accounts' },
];
