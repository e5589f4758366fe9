import type { SettingDefinition } from './setting-definition.js';

const ENABLED = { public: true, group: 'RetentionPolicy' } as const;
const GLOBAL = { ...ENABLED, section: 'Global Policy' } as const;
/** Thirty days, in milliseconds (Rocket.Chat's `RetentionPolicy_TTL_*` are timespans). */
const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Rocket.Chat's RetentionPolicy group (ids and defaults as in its registry): the global policy per room type,
 * what the prune spares, and how often it runs (`RetentionPolicy_Precision`, or a cron expression).
 */
export const RETENTION_POLICY_SETTINGS: SettingDefinition[] = [
  { _id: 'RetentionPolicy_Enabled', type: 'boolean', packageValue: false, ...ENABLED },
  {
    _id: 'RetentionPolicy_Precision',
    type: 'select',
    packageValue: '0',
    values: [
      { key: '0', i18nLabel: 'every_30_minutes' },
      { key: '1', i18nLabel: 'every_hour' },
      { key: '2', i18nLabel: 'every_six_hours' },
      { key: '3', i18nLabel: 'every_day' },
    ],
    ...ENABLED,
  },
  { _id: 'RetentionPolicy_Advanced_Precision', type: 'boolean', packageValue: false, ...ENABLED },
  { _id: 'RetentionPolicy_Advanced_Precision_Cron', type: 'string', packageValue: '*/30 * * * *', ...ENABLED },
  { _id: 'RetentionPolicy_AppliesToChannels', type: 'boolean', packageValue: false, ...GLOBAL },
  { _id: 'RetentionPolicy_TTL_Channels', type: 'timespan', packageValue: THIRTY_DAYS_MS, ...GLOBAL },
  { _id: 'RetentionPolicy_AppliesToGroups', type: 'boolean', packageValue: false, ...GLOBAL },
  { _id: 'RetentionPolicy_TTL_Groups', type: 'timespan', packageValue: THIRTY_DAYS_MS, ...GLOBAL },
  { _id: 'RetentionPolicy_AppliesToDMs', type: 'boolean', packageValue: false, ...GLOBAL },
  { _id: 'RetentionPolicy_TTL_DMs', type: 'timespan', packageValue: THIRTY_DAYS_MS, ...GLOBAL },
  { _id: 'RetentionPolicy_DoNotPrunePinned', type: 'boolean', packageValue: false, ...GLOBAL },
  { _id: 'RetentionPolicy_FilesOnly', type: 'boolean', packageValue: false, ...GLOBAL },
  { _id: 'RetentionPolicy_DoNotPruneDiscussion', type: 'boolean', packageValue: true, ...GLOBAL },
  { _id: 'RetentionPolicy_DoNotPruneThreads', type: 'boolean', packageValue: true, ...GLOBAL },
];
