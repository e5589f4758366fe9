import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { settingsChangedEvent, type IUser } from '@rc/contracts';
import { UsersRepository } from '@rc/models';
import { EventBus, InjectConfig } from '@rc/platform';
import { SettingsCache } from '@rc/settings';
import type { AccountsConfig } from '../accounts.env.js';
import { LdapDirectory } from './ldap-directory.js';
import { allUsersFilter } from './ldap-filter.js';
import { readLdapSettings, type LdapSettings } from './ldap-settings.js';
import { LdapUsers } from './ldap-users.service.js';

const HOUR_MS = 3_600_000;

/** LDAP_Background_Sync_Interval's options (Rocket.Chat runs them as cron jobs; here, an interval). */
export const SYNC_INTERVALS_MS: Record<string, number> = {
  every_1_hour: HOUR_MS,
  every_6_hours: 6 * HOUR_MS,
  every_12_hours: 12 * HOUR_MS,
  every_24_hours: 24 * HOUR_MS,
  every_48_hours: 48 * HOUR_MS,
};

export interface SyncReport {
  created: number;
  updated: number;
  deactivated: number;
  reactivated: number;
}

/**
 * The background sync (Rocket.Chat's enterprise LDAP sync): every LDAP_Background_Sync_Interval, and on
 * `ldap.syncNow`, walks the directory's users (the user filter with any search field present):
 * - imports those not yet here with LDAP_Background_Sync_Import_New_Users,
 * - updates the linked ones (name, e-mail, roles, channels) with LDAP_Background_Sync_Keep_Existant_Users_Updated,
 * - deactivates linked users no longer in the directory unless LDAP_Sync_User_Active_State is `none` (`both`
 *   reactivates them when they come back).
 * The timer follows the settings live; LDAP_BACKGROUND_SYNC_INTERVAL_SECONDS overrides the interval (tests).
 * Every accounts instance runs its timer; the writes are idempotent, so a second run changes nothing.
 */
@Injectable()
export class LdapSync implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LDAP');
  private timer?: NodeJS.Timeout;
  private scheduledEveryMs = 0;
  private running?: Promise<SyncReport>;
  private followUp?: Promise<SyncReport>;
  private unsubscribe?: () => void;

  constructor(
    private readonly settingsCache: SettingsCache,
    private readonly events: EventBus,
    private readonly directory: LdapDirectory,
    private readonly ldapUsers: LdapUsers,
    private readonly users: UsersRepository,
    @InjectConfig() private readonly config: AccountsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // After the cache's own subscription (registered first): the reschedule reads the new value.
    this.unsubscribe = this.events.subscribe(settingsChangedEvent, '*', ({ _id: id }) => {
      if (id.startsWith('LDAP_')) void this.settingsCache.reload(id).then(() => this.reschedule());
    });
    await this.settingsCache.loaded;
    this.reschedule();
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    clearInterval(this.timer);
  }

  /** The interval the settings ask for; 0 when the background sync is off. */
  intervalMs(settings: LdapSettings): number {
    if (!settings.enabled || !settings.backgroundSync) return 0;
    if (this.config.LDAP_BACKGROUND_SYNC_INTERVAL_SECONDS > 0) return this.config.LDAP_BACKGROUND_SYNC_INTERVAL_SECONDS * 1000;
    return SYNC_INTERVALS_MS[settings.backgroundSync.interval] ?? SYNC_INTERVALS_MS.every_24_hours;
  }

  private reschedule(): void {
    const every = this.intervalMs(readLdapSettings(this.settingsCache));
    if (every === this.scheduledEveryMs) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.scheduledEveryMs = every;
    if (!every) return this.logger.log('background sync off');
    this.logger.log(`background sync every ${every / 1000} s`);
    this.timer = setInterval(() => {
      this.sync().catch((error: unknown) => this.logger.warn(`background sync failed: ${String(error)}`));
    }, every);
    this.timer.unref();
  }

  /**
   * One run. Asked for while one is going, it runs once more after it (the directory may have changed since the
   * running one read it); any number of such requests share that one follow-up run.
   */
  sync(): Promise<SyncReport> {
    if (this.running) {
      this.followUp ??= this.running
        .catch(() => undefined)
        .then(() => {
          this.followUp = undefined;
          return this.sync();
        });
      return this.followUp;
    }
    this.running = this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<SyncReport> {
    const settings = readLdapSettings(this.settingsCache);
    const report: SyncReport = { created: 0, updated: 0, deactivated: 0, reactivated: 0 };
    if (!settings.enabled) return report;
    const importNew = settings.backgroundSync?.importNewUsers ?? true;
    const keepUpdated = settings.backgroundSync?.keepExistingUpdated ?? true;
    const linked = await this.users.findLdapUsers();
    const seen = new Set<string>();

    await this.directory.withConnection(settings, async (ldap) => {
      const entries = await ldap.search(
        settings.baseDn,
        allUsersFilter(settings.userSearchFilter, settings.userSearchField),
        settings.userSearchScope,
      );
      for (const entry of entries) {
        try {
          const data = this.ldapUsers.map(entry, settings);
          const existing = await this.ldapUsers.findExisting(data);
          if (existing) seen.add(existing._id);
          if (!existing && !importNew) continue;
          if (existing && (existing.ldap !== true || !keepUpdated)) continue;
          const { user, created } = await this.ldapUsers.upsert(data, settings, true);
          seen.add(user._id);
          if (created) report.created++;
          else report.updated++;
          if (!user.active && settings.activeState === 'both') {
            await this.ldapUsers.reactivate(user);
            report.reactivated++;
          }
          await this.ldapUsers.syncRoles(ldap, user, entry.dn, settings);
          await this.ldapUsers.syncChannels(ldap, user, entry.dn, settings);
        } catch (error) {
          this.logger.warn(`sync of ${entry.dn}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    });

    if (settings.activeState !== 'none') {
      const gone = linked.filter((user: IUser) => user.active && !seen.has(user._id));
      for (const user of gone) await this.ldapUsers.deactivate(user);
      report.deactivated = gone.length;
    }
    this.logger.log(`sync done: ${JSON.stringify(report)}`);
    return report;
  }
}
