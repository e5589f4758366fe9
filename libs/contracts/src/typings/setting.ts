export type SettingValue = string | number | boolean | string[] | Record<string, unknown> | null;

/** Rocket.Chat's setting document (`rocketchat_settings`). */
export interface ISetting {
  _id: string;
  type:
    | 'boolean'
    | 'string'
    | 'int'
    | 'select'
    | 'code'
    | 'multiSelect'
    | 'password'
    | 'action'
    | 'relativeUrl'
    | 'language'
    | 'color'
    | 'font'
    | 'roomPick'
    | 'timezone'
    | 'date'
    | 'lookup'
    | 'asset'
    | 'group';
  value: SettingValue;
  packageValue: SettingValue;
  public: boolean;
  hidden?: boolean;
  blocked?: boolean;
  group?: string;
  section?: string;
  i18nLabel?: string;
  i18nDescription?: string;
  values?: Array<{ key: string; i18nLabel: string }>;
  sorter?: number;
  /** The setup wizard's step and position that edit this setting (Rocket.Chat's `findSetupWizardSettings`). */
  wizard?: { step: number; order: number };
  ts: Date;
  _updatedAt: Date;
}
