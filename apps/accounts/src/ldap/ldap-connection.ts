import { Client, InvalidCredentialsError, ResultCodeError, type Entry } from 'ldapts';
import type { LdapSettings } from './ldap-settings.js';

/** The directory could not be reached (refused, timed out, TLS failed): not an answer about the user. */
export class LdapUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`LDAP server unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'LdapUnavailableError';
  }
}

/** Binary attributes ldapts should hand over as bytes (ids and photos), not as text. */
const BINARY_ATTRIBUTES = ['objectGUID', 'objectSid', 'thumbnailPhoto', 'jpegPhoto'];

type ConnectionSettings = Pick<
  LdapSettings,
  | 'host'
  | 'port'
  | 'encryption'
  | 'caCert'
  | 'rejectUnauthorized'
  | 'timeoutMs'
  | 'connectTimeoutMs'
  | 'authentication'
  | 'searchSizeLimit'
  | 'searchPageSize'
>;

/**
 * One connection to the directory for one operation (a login, a test, a sync run), over ldapts: plain, StartTLS
 * or LDAPS (with the CA of LDAP_CA_Cert), bound as the service account when LDAP_Authentication is on.
 * Network failures surface as LdapUnavailableError; the directory's own answers as ldapts' result errors.
 */
export class LdapConnection {
  private constructor(
    private readonly client: Client,
    private readonly settings: ConnectionSettings,
  ) {}

  static async open(settings: ConnectionSettings): Promise<LdapConnection> {
    if (!settings.host) throw new LdapUnavailableError('LDAP_Host is empty');
    // The name checked against the certificate is the host (an IP address is matched against the IP SANs).
    const tlsOptions = () => ({
      ...(settings.caCert.trim() && { ca: [settings.caCert] }),
      rejectUnauthorized: settings.rejectUnauthorized,
      host: settings.host,
    });
    const scheme = settings.encryption === 'ssl' ? 'ldaps' : 'ldap';
    const client = new Client({
      url: `${scheme}://${settings.host}:${settings.port}`,
      timeout: settings.timeoutMs,
      connectTimeout: settings.connectTimeoutMs,
      ...(settings.encryption === 'ssl' && { tlsOptions: tlsOptions() }),
      strictDN: false,
    });
    const connection = new LdapConnection(client, settings);
    try {
      if (settings.encryption === 'tls') await client.startTLS(tlsOptions());
      await connection.bindServiceAccount();
    } catch (error) {
      await connection.close();
      throw error instanceof ResultCodeError ? error : new LdapUnavailableError(error);
    }
    return connection;
  }

  /** Binds as the service account (or anonymously: a fresh connection is anonymous until a bind). */
  async bindServiceAccount(): Promise<void> {
    const account = this.settings.authentication;
    if (account) await this.client.bind(account.dn, account.password);
  }

  async search(baseDn: string, filter: string, scope: 'base' | 'one' | 'sub' = 'sub', attributes?: string[]): Promise<Entry[]> {
    try {
      const { searchEntries } = await this.client.search(baseDn, {
        scope,
        filter,
        ...(attributes && { attributes }),
        sizeLimit: this.settings.searchSizeLimit,
        ...(this.settings.searchPageSize > 0 && { paged: { pageSize: this.settings.searchPageSize } }),
        explicitBufferAttributes: BINARY_ATTRIBUTES,
      });
      return searchEntries;
    } catch (error) {
      throw error instanceof ResultCodeError ? error : new LdapUnavailableError(error);
    }
  }

  /**
   * Whether the password is the entry's: a bind as the user. The connection is bound as the service account
   * again afterwards, so that later searches (groups, roles) do not run with the user's rights.
   */
  async authenticate(dn: string, password: string): Promise<boolean> {
    // An empty password would be an unauthenticated bind, which many servers accept: never a login.
    if (!password) return false;
    try {
      await this.client.bind(dn, password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return false;
      throw error instanceof ResultCodeError ? error : new LdapUnavailableError(error);
    }
    if (this.settings.authentication) await this.bindServiceAccount();
    return true;
  }

  async close(): Promise<void> {
    await this.client.unbind().catch(() => undefined);
  }
}
