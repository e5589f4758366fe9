import type { ISetting, SettingValue } from '@rc/contracts';
import type { RegisteredSetting } from './registry.js';

/**
 * Rocket.Chat's reading of an environment value for a setting: `true`/`false` (any case) are booleans, an int
 * setting's value is parsed, a multiSelect's is JSON; anything else stays a string. `undefined` when the value
 * cannot be read (a bad multiSelect JSON, a number that is not one): Rocket.Chat then keeps the setting as it is.
 */
export function convertEnvironmentValue(raw: string, type: ISetting['type']): SettingValue | undefined {
  if (raw.toLowerCase() === 'true') return true;
  if (raw.toLowerCase() === 'false') return false;
  if (type === 'int' || type === 'timespan') {
    const parsed = parseInt(raw, 10);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  if (type === 'multiSelect') {
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? (parsed as string[]) : undefined;
    } catch {
      return undefined;
    }
  }
  return raw;
}

export interface EnvironmentOverrides {
  /** `OVERWRITE_SETTING_<id>`: the value on every start, whatever an administrator set. */
  overwrite: Map<string, SettingValue>;
  /** `<id>`: the value a setting starts with when it is first created (later starts keep the stored one). */
  initial: Map<string, SettingValue>;
  /** `SETTINGS_BLOCKED` / `SETTINGS_HIDDEN`: comma-separated ids that cannot be changed / are not shown. */
  blocked: Set<string>;
  hidden: Set<string>;
}

const idList = (value: string | undefined) =>
  new Set(
    (value ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  );

/** The overrides the environment gives the known settings (unknown ids are ignored, as Rocket.Chat does). */
export function environmentOverrides(settings: readonly RegisteredSetting[], env: NodeJS.ProcessEnv): EnvironmentOverrides {
  const overwrite = new Map<string, SettingValue>();
  const initial = new Map<string, SettingValue>();
  for (const { _id, type } of settings) {
    const forced = env[`OVERWRITE_SETTING_${_id}`];
    const forcedValue = forced === undefined ? undefined : convertEnvironmentValue(forced, type);
    if (forcedValue !== undefined) overwrite.set(_id, forcedValue);
    const first = env[_id];
    const firstValue = first === undefined ? undefined : convertEnvironmentValue(first, type);
    if (firstValue !== undefined) initial.set(_id, firstValue);
  }
  return { overwrite, initial, blocked: idList(env.SETTINGS_BLOCKED), hidden: idList(env.SETTINGS_HIDDEN) };
}
