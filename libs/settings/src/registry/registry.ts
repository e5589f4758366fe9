import type { ISetting, SettingValue } from '@rc/contracts';
import registryFile from './rocketchat-settings.json' with { type: 'json' };
import { SETTING_DEFINITIONS } from '../definitions/index.js';
import type { SettingDefinition } from '../definitions/setting-definition.js';

/** A setting document without its value and dates: what the registry declares, what seeding writes. */
export type RegisteredSetting = Omit<ISetting, 'value' | 'ts' | '_updatedAt'> & {
  /** A default made at install (a UUID, a random token), never a fixed value. */
  generated?: 'uuid' | 'randomId' | 'hex32' | 'matrixId' | 'siteDomain' | 'empty';
};

/** A group's document (`type: 'group'`), as the administration pages list them. */
export interface RegisteredGroup {
  _id: string;
  type: 'group';
  i18nLabel: string;
  i18nDescription: string;
  hidden: boolean;
  blocked: boolean;
  sorter: number;
  tab?: string;
  enterprise?: boolean;
  modules?: string[];
  displayQuery?: string;
}

interface RegistryFile {
  source: string;
  settings: RegisteredSetting[];
  groups: RegisteredGroup[];
}

const file = registryFile as unknown as RegistryFile;

/** Rocket.Chat's settings as its sources register them (see README.md beside the data file). */
export const ROCKETCHAT_SETTINGS: readonly RegisteredSetting[] = file.settings;
export const SETTING_GROUPS: readonly RegisteredGroup[] = file.groups;
export const REGISTRY_SOURCE: string = file.source;

/** Rocket.Chat's defaults for the facts a hand-written definition leaves out. */
function completed(definition: SettingDefinition): RegisteredSetting {
  return {
    i18nLabel: definition._id,
    i18nDescription: `${definition._id}_Description`,
    enterprise: false,
    hidden: false,
    blocked: false,
    ...definition,
    public: definition.public ?? false,
  };
}

/**
 * Every setting: Rocket.Chat's registry, each entry overridden key by key by the hand-written definition with
 * the same `_id` (`definitions/`, the features built here), plus the hand-written ones Rocket.Chat lacks.
 */
export function mergeSettings(base: readonly RegisteredSetting[], overrides: readonly SettingDefinition[]): RegisteredSetting[] {
  const merged = new Map(base.map((setting) => [setting._id, setting]));
  for (const definition of overrides) {
    const registered = merged.get(definition._id);
    merged.set(definition._id, registered ? { ...registered, ...definition } : completed(definition));
  }
  return [...merged.values()];
}

/** What every app seeds and reads: the registry overlaid by `SETTING_DEFINITIONS`. */
export const ALL_SETTINGS: readonly RegisteredSetting[] = mergeSettings(ROCKETCHAT_SETTINGS, SETTING_DEFINITIONS);

export const SETTINGS_BY_ID: ReadonlyMap<string, RegisteredSetting> = new Map(ALL_SETTINGS.map((setting) => [setting._id, setting]));

/** A setting's package default (`undefined` for an unknown id). */
export const packageValueOf = (id: string): SettingValue | undefined => SETTINGS_BY_ID.get(id)?.packageValue;
