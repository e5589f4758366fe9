import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { settingsChangedEvent, type ISetting, type SettingValue } from '@rc/contracts';
import { SettingsRepository } from '@rc/models';
import { EventBus } from '@rc/platform';
import { SETTING_DEFINITIONS } from './definitions/index.js';

const DEFAULTS_BY_ID = new Map(SETTING_DEFINITIONS.map((definition) => [definition._id, { ...definition, value: null }]));

/**
 * Every setting in memory (a few hundred documents). Seeded with the defaults on start, loaded, and each
 * setting re-read when any instance announces a change (`settings.changed`), so a change made through any
 * instance takes effect on every app without a restart.
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
    const now = new Date();
    const seeded = await Promise.all(
      SETTING_DEFINITIONS.map((definition) => this.repository.insertIfMissing({ ...definition, value: definition.packageValue, ts: now })),
    );
    const added = seeded.filter(Boolean).length;
    if (added) this.logger.log(`seeded ${added} settings`);
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
    const setting = this.settings.get(id) ?? DEFAULTS_BY_ID.get(id);
    if (!setting) throw new Error(`unknown setting ${id}`);
    return (setting.value ?? setting.packageValue) as T;
  }
}
