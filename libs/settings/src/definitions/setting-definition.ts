import type { ISetting } from '@rc/contracts';

/** A setting as this server declares it: Rocket.Chat's id, type, default and visibility. */
export type SettingDefinition = Pick<ISetting, '_id' | 'type' | 'packageValue' | 'public' | 'group' | 'section' | 'values' | 'wizard'>;

/** A select setting's options, labelled by their keys. */
export const select = (...keys: string[]) => keys.map((key) => ({ key, i18nLabel: key }));
