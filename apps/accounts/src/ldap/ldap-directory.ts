import { Injectable } from '@nestjs/common';
import type { Entry } from 'ldapts';
import { LdapConnection } from './ldap-connection.js';
import { groupFilter, userSearchFilter } from './ldap-filter.js';
import type { LdapSettings } from './ldap-settings.js';

export type LdapAuthentication =
  { kind: 'authenticated'; result: string } | { kind: 'not-found' | 'ambiguous' | 'wrong-password' | 'not-in-group' };

/**
 * The directory operations of logins and of the admin tools, each on its own connection, closed afterwards.
 */
@Injectable()
export class LdapDirectory {
  async withConnection<T>(settings: LdapSettings, work: (ldap: LdapConnection) => Promise<T>): Promise<T> {
    const ldap = await LdapConnection.open(settings);
    try {
      return await work(ldap);
    } finally {
      await ldap.close();
    }
  }

  /** The entries the user filter finds for a typed name (escaped). */
  findByUsername(ldap: LdapConnection, settings: LdapSettings, username: string): Promise<Entry[]> {
    return ldap.search(
      settings.baseDn,
      userSearchFilter(settings.userSearchFilter, settings.userSearchField, username),
      settings.userSearchScope,
    );
  }

  /**
   * Finds exactly one entry for the name, binds as it with the password, checks the group restriction; then runs
   * `onSuccess` on the same connection (bound as the service account again when there is one).
   */
  authenticate(
    settings: LdapSettings,
    username: string,
    password: string,
    onSuccess: (ldap: LdapConnection, entry: Entry) => Promise<string>,
  ): Promise<LdapAuthentication> {
    return this.withConnection(settings, async (ldap): Promise<LdapAuthentication> => {
      const entries = await this.findByUsername(ldap, settings, username);
      if (entries.length === 0) return { kind: 'not-found' };
      if (entries.length > 1) return { kind: 'ambiguous' };
      const entry = entries[0];
      if (!(await ldap.authenticate(entry.dn, password))) return { kind: 'wrong-password' };
      if (settings.groupFilter) {
        const filter = groupFilter(settings.groupFilter, { username, userdn: entry.dn });
        if ((await ldap.search(settings.baseDn, filter, 'sub', ['dn'])).length === 0) return { kind: 'not-in-group' };
      }
      return { kind: 'authenticated', result: await onSuccess(ldap, entry) };
    });
  }
}
