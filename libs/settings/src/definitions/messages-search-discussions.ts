import { select, type SettingDefinition } from './setting-definition.js';

/** Rocket.Chat's message search (group Search, the default provider's settings) and discussions (group Discussion). */
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
];
