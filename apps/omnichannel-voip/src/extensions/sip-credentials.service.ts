import { Injectable, Logger } from '@nestjs/common';
import { SipCredentialsRepository, UsersRepository } from '@rc/models';
import { PbxConnector, type PbxListener } from '../connector/pbx-connector.js';

/**
 * The SIP digest credentials of assigned extensions: one password per extension and holder (a new one when the
 * extension changes hands), kept in `voip_sip_credentials` and given to the PBX, which authenticates every REGISTER
 * against them. The PBX holds them in memory: each (re)connection hands it the whole set before the connection
 * counts as up, so no phone registers against a PBX that does not know its password yet.
 */
@Injectable()
export class SipCredentialsService implements PbxListener {
  private readonly logger = new Logger(SipCredentialsService.name);

  constructor(
    private readonly credentials: SipCredentialsRepository,
    private readonly users: UsersRepository,
    private readonly connector: PbxConnector,
  ) {
    connector.listen(this);
  }

  /** Every assigned extension gets its credential (those assigned before credentials existed too); stale ones go. */
  async connecting(): Promise<void> {
    const holders = await this.users.findWithExtensions();
    await this.credentials.removeAllBut(new Map(holders.map((user) => [user.extension!, user._id])));
    const all = await Promise.all(holders.map((user) => this.credentials.ensureFor(user.extension!, user._id)));
    await this.connector.replaceCredentials(all.map((c) => ({ extension: c._id, password: c.password })));
    this.logger.log(`${all.length} extension credential(s) given to the PBX`);
  }

  /** The extension now belongs to `userId`: its credential, on the PBX at once when connected (else at connection). */
  async assigned(extension: string, userId: string): Promise<void> {
    const previous = await this.credentials.findByExtension(extension);
    const credential = await this.credentials.ensureFor(extension, userId);
    if (!this.connector.isConnected()) return;
    await this.toPbx(extension, async () => {
      // Another holder's phones lose their registration along with their password.
      if (previous && previous.userId !== userId) await this.connector.removeCredentials(extension);
      await this.connector.setCredentials(extension, credential.password);
    });
  }

  /** Nobody holds the extension any more: its credential and its registrations are gone. */
  async unassigned(extension: string): Promise<void> {
    await this.credentials.remove(extension);
    if (this.connector.isConnected()) await this.toPbx(extension, () => this.connector.removeCredentials(extension));
  }

  /**
   * The database is what counts: a PBX that does not answer now gets the whole set when the connection is made again,
   * so the assignment stands (the connection is dropped to make that happen soon).
   */
  private async toPbx(extension: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warn(`PBX credentials of ${extension} not updated now (${(error as Error).message}): given again on reconnection`);
      this.connector.reconnect();
    }
  }

  /** The password of the extension, for its holder only. */
  async passwordFor(extension: string, userId: string): Promise<string | undefined> {
    const credential = await this.credentials.findByExtension(extension);
    if (credential && credential.userId === userId) return credential.password;
    // Assigned before credentials existed and the PBX not connected since: created now (the PBX gets it on connection).
    const holder = await this.users.findByExtension(extension);
    if (holder?._id !== userId) return undefined;
    await this.assigned(extension, userId);
    return (await this.credentials.findByExtension(extension))?.password;
  }
}
