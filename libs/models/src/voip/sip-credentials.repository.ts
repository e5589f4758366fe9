import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { SIP_CREDENTIAL_MODEL, type SipCredential } from './sip-credential.schema.js';

/** A password of 24 characters from the CSPRNG (base64url: no quoting needed in SIP or in Kamailio's RPC). */
const newPassword = () => randomBytes(18).toString('base64url');

/** `voip_sip_credentials`, owned by the VoIP service. */
@Injectable()
export class SipCredentialsRepository {
  constructor(@InjectModel(SIP_CREDENTIAL_MODEL) private readonly credentials: Model<SipCredential>) {}

  findByExtension(extension: string): Promise<SipCredential | null> {
    return this.credentials.findById(extension).lean<SipCredential>().exec();
  }

  findAll(): Promise<SipCredential[]> {
    return this.credentials.find({}).lean<SipCredential[]>().exec();
  }

  /**
   * The extension's credential for this user: kept while the same user holds it, a new password when the extension
   * changes hands (the previous holder's password stops working).
   */
  async ensureFor(extension: string, userId: string): Promise<SipCredential> {
    const current = await this.findByExtension(extension);
    if (current?.userId === userId) return current;
    const password = newPassword();
    await this.credentials.updateOne({ _id: extension }, { $set: { userId, password } }, { upsert: true }).exec();
    return { _id: extension, userId, password };
  }

  /** Removes the extension's credential; returns whether there was one. */
  async remove(extension: string): Promise<boolean> {
    return (await this.credentials.deleteOne({ _id: extension }).exec()).deletedCount > 0;
  }

  /** Credentials of extensions no longer assigned (`assigned`: extension → holder). */
  async removeAllBut(assigned: Map<string, string>): Promise<string[]> {
    const stale = (await this.findAll()).filter((c) => assigned.get(c._id) !== c.userId).map((c) => c._id);
    if (stale.length > 0) await this.credentials.deleteMany({ _id: { $in: stale } }).exec();
    return stale;
  }
}
