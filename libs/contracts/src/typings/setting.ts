export type SettingValue = string | number | boolean | string[] | Array<Record<string, unknown>> | Record<string, unknown> | null;

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
    | 'timespan'
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
  /** Rocket.Chat's registry facts the administration pages read (absent on settings of our own). */
  enterprise?: boolean;
  invalidValue?: SettingValue;
  modules?: string[];
  tab?: string;
  readonly?: boolean;
  secret?: boolean;
  enableQuery?: string;
  displayQuery?: string;
  multiline?: boolean;
  code?: string;
  alert?: string;
  placeholder?: string;
  actionText?: string;
  packageEditor?: string;
  /** Set from the environment (`OVERWRITE_SETTING_<id>`, or `<id>` on first start), as Rocket.Chat records it. */
  valueSource?: 'packageValue' | 'processEnvValue';
  processEnvValue?: SettingValue;
  /** The setup wizard's step and position that edit this setting (Rocket.Chat's `findSetupWizardSettings`). */
  wizard?: { step: number; order: number };
  ts: Date;
  _updatedAt: Date;
}
