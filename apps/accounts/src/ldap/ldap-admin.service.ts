import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor } from '@rc/contracts';
import { SettingsCache } from '@rc/settings';
import { Access, permissionRequired } from '../common/access.js';
import { LdapDirectory } from './ldap-directory.js';
import { readLdapSettings, type LdapSettings } from './ldap-settings.js';
import { LdapSync } from './ldap-sync.service.js';

const disabled = () => new DomainError(ErrorCode.LdapDisabled, 'LDAP_disabled');

/** The admin page's buttons: ldap.testConnection, ldap.testSearch (test-admin-options), ldap.syncNow (sync-auth-services-users). */
@Injectable()
export class LdapAdmin {
  private readonly logger = new Logger('LDAP');

  constructor(
    private readonly access: Access,
    private readonly settingsCache: SettingsCache,
    private readonly directory: LdapDirectory,
    private readonly sync: LdapSync,
  ) {}

  async testConnection(actor: Actor): Promise<{ message: 'LDAP_Connection_successful' }> {
    const settings = await this.allowed(actor, 'test-admin-options', ErrorCode.Unauthorized);
    try {
      await this.directory.withConnection(settings, () => Promise.resolve());
    } catch (error) {
      this.logger.warn(`connection test: ${error instanceof Error ? error.message : String(error)}`);
      throw new DomainError(ErrorCode.LdapConnectionFailed, 'Connection_failed');
    }
    return { message: 'LDAP_Connection_successful' };
  }

  async testSearch(actor: Actor, username: string): Promise<{ message: 'LDAP_User_Found' }> {
    const settings = await this.allowed(actor, 'test-admin-options', ErrorCode.Unauthorized);
    let found: number;
    try {
      found = (await this.directory.withConnection(settings, (ldap) => this.directory.findByUsername(ldap, settings, username))).length;
    } catch (error) {
      this.logger.warn(`search test: ${error instanceof Error ? error.message : String(error)}`);
      throw new DomainError(ErrorCode.LdapConnectionFailed, 'Connection_failed');
    }
    if (found !== 1) throw new DomainError(ErrorCode.LdapUserNotFound, 'User not found');
    return { message: 'LDAP_User_Found' };
  }

  /** Starts a run (or joins the one going) and answers at once, as Rocket.Chat does. */
  async syncNow(actor: Actor): Promise<{ message: 'Sync_in_progress' }> {
    await this.allowed(actor, 'sync-auth-services-users', ErrorCode.RoomActionNotAuthorized);
    this.sync.sync().catch((error: unknown) => this.logger.warn(`sync failed: ${String(error)}`));
    return { message: 'Sync_in_progress' };
  }

  private async allowed(actor: Actor, permission: string, refusal: ErrorCode): Promise<LdapSettings> {
    if (!(await this.access.has(actor.userId, permission))) {
      throw refusal === ErrorCode.Unauthorized ? permissionRequired() : new DomainError(refusal, 'error-not-authorized');
    }
    const settings = readLdapSettings(this.settingsCache);
    if (!settings.enabled) throw disabled();
    return settings;
  }
}
