import type { ISetting } from '@rc/contracts';

/**
 * A setting as this server declares it: Rocket.Chat's id, type, default and visibility, and any other fact of
 * Rocket.Chat's registry to override (an entry of the registry with the same `_id` is overridden key by key).
 */
export type SettingDefinition = Pick<ISetting, '_id' | 'type' | 'packageValue' | 'public' | 'group' | 'section' | 'values' | 'wizard'> &
  Partial<
    Pick<
      ISetting,
      'i18nLabel' | 'i18nDescription' | 'hidden' | 'blocked' | 'enterprise' | 'invalidValue' | 'modules' | 'readonly' | 'secret' | 'sorter'
    >
  >;

/** A select setting's options, labelled by their keys. */
export const select = (...keys: string[]) => keys.map((key) => ({ key, i18nLabel: key }));
