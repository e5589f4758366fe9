import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { settingsChangedEvent, type ISetting, type SettingValue } from '@rc/contracts';
import { SettingsRepository } from '@rc/models';
import { EventBus } from '@rc/platform';
import { environmentOverrides } from './registry/environment.js';
import { ALL_SETTINGS, SETTING_GROUPS, SETTINGS_BY_ID } from './registry/registry.js';
import { seedDocuments } from './registry/seed-documents.js';

/**
 * Every setting in memory (about a thousand documents). Seeded on start (Rocket.Chat's registry overlaid by
 * the hand-written definitions, with the environment's overrides) in one bulk write that never replaces an
 * administrator's value, loaded, and each setting re-read when any instance announces a change
 * (`settings.changed`), so a change made through any instance takes effect on every app without a restart.
 */
@Injectable()
export class SettingsCache implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SettingsCache.name);
  private settings = new Map<string, ISetting>();
  private unsubscribe?: () => void;
  private markLoaded!: () => void;
  /** Settled once the defaults are seeded and every setting is loaded. */
  readonly loaded = new Promise<void>((resolve) => (this.markLoaded = resolve));

  constructor(
    private readonly repository: SettingsRepository,
    private readonly events: EventBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Subscribe first: a change announced while loading is then re-read, not missed.
    this.unsubscribe = this.events.subscribe(settingsChangedEvent, '*', ({ _id }) => this.reload(_id));
    const started = Date.now();
    const { documents, forced } = seedDocuments(ALL_SETTINGS, environmentOverrides(ALL_SETTINGS, process.env));
    // Rocket.Chat keeps its groups beside the settings (`type: 'group'`): the administration pages list them.
    const groups = SETTING_GROUPS.map((group) => ({ metadata: { ...group }, insert: {} }));
    const added = await this.repository.seed([...groups, ...documents], forced, new Date());
    if (added) this.logger.log(`seeded ${added} settings in ${Date.now() - started} ms`);
    if (forced.length) this.logger.log(`settings set by OVERWRITE_SETTING_*: ${forced.map(({ _id }) => _id).join(', ')}`);
    const all = await this.repository.findAll();
    this.settings = new Map(all.map((setting) => [setting._id, setting]));
    this.markLoaded();
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  async reload(id: string): Promise<void> {
    const setting = await this.repository.findById(id);
    if (setting) this.settings.set(id, setting);
    else this.settings.delete(id);
  }

  find(id: string): ISetting | undefined {
    return this.settings.get(id);
  }

  /**
   * The setting's value; its package default when the stored value is missing, or while the cache is still
   * loading (NATS requests can arrive before the bootstrap hooks have run).
   */
  get<T extends SettingValue>(id: string): T {
    const stored = this.settings.get(id);
    if (stored) return (stored.value ?? stored.packageValue) as T;
    const registered = SETTINGS_BY_ID.get(id);
    if (!registered) throw new Error(`unknown setting ${id}`);
    return registered.packageValue as T;
  }
}

const PREFERENCE_PREFIX = 'Accounts_Default_User_Preferences_';
const PREFERENCE_IDS = ALL_SETTINGS.filter(({ _id, type }) => _id.startsWith(PREFERENCE_PREFIX) && type !== 'group').map(({ _id }) => _id);

/**
 * Rocket.Chat's default user preferences: every `Accounts_Default_User_Preferences_<key>` setting as
 * `{<key>: value}` (its `getUserInfo` fills `/me`'s `settings.preferences` from them, the user's own on top).
 */
export function defaultUserPreferences(settings: Pick<SettingsCache, 'get'>): Record<string, SettingValue> {
  return Object.fromEntries(PREFERENCE_IDS.map((id) => [id.slice(PREFERENCE_PREFIX.length), settings.get(id)]));
}
