import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const SIP_CREDENTIAL_MODEL = 'SipCredential';

/**
 * `voip_sip_credentials` (ours: Rocket.Chat leaves them to Asterisk's configuration): the SIP digest password of each
 * assigned extension, given to the PBX (Kamailio checks registrations against it) and to the extension's agent only.
 * The PBX needs the password itself for digest authentication, so it is stored as is.
 */
export interface SipCredential {
  /** The extension. */
  _id: string;
  userId: string;
  password: string;
  _updatedAt?: Date;
}

export const SipCredentialSchema = new Schema<SipCredential>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    password: { type: String, required: true },
  },
  collectionOptions('voip_sip_credentials'),
);
