import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const LOGIN_SERVICE_CONFIGURATION_MODEL = 'LoginServiceConfiguration';
export const OAUTH_PENDING_STATE_MODEL = 'OAuthPendingState';
export const OAUTH_PENDING_CREDENTIAL_MODEL = 'OAuthPendingCredential';

/**
 * Meteor's `meteor_accounts_loginServiceConfiguration`: one document per enabled login service, the fields
 * Rocket.Chat's `updateOAuthServices` writes (`service`, `clientId`, `secret`, `serverURL`, the paths, the
 * button, the field mapping, …). The `secret` never leaves the accounts service.
 */
export interface ILoginServiceConfiguration {
  _id: string;
  service: string;
  clientId?: string;
  secret?: string;
  custom?: boolean;
  [field: string]: unknown;
}

export const LoginServiceConfigurationSchema = new Schema<ILoginServiceConfiguration>(
  { _id: { type: String, required: true }, service: { type: String, required: true } },
  { ...collectionOptions('meteor_accounts_loginServiceConfiguration'), timestamps: false },
);
LoginServiceConfigurationSchema.index({ service: 1 }, { unique: true });

/**
 * An authorisation request this server sent a browser to the provider with (`rocketchat_oauth_pending_state`,
 * ours: Meteor trusts the client's state). Its `_id` is the `state` the provider returns; spent once.
 */
export interface IOAuthPendingState {
  _id: string;
  service: string;
  /** PKCE's `code_verifier` (RFC 7636), sent with the code exchange. */
  codeVerifier: string;
  /** What Meteor's client put in its own state: how to end the login and under which credential token. */
  loginStyle: 'popup' | 'redirect';
  credentialToken: string;
  redirectUrl?: string;
  isCordova?: boolean;
  createdAt: Date;
  expireAt: Date;
}

export const OAuthPendingStateSchema = new Schema<IOAuthPendingState>(
  {
    _id: { type: String, required: true },
    service: { type: String, required: true },
    codeVerifier: { type: String, required: true },
    loginStyle: { type: String, required: true },
    credentialToken: { type: String, required: true },
    redirectUrl: String,
    isCordova: Boolean,
    createdAt: { type: Date, required: true },
    expireAt: { type: Date, required: true },
  },
  { ...collectionOptions('rocketchat_oauth_pending_state'), timestamps: false },
);
OAuthPendingStateSchema.index({ expireAt: 1 }, { expireAfterSeconds: 0 });

/**
 * Meteor's `meteor_oauth_pendingCredentials`: a finished authorisation waiting for the client's `login` with
 * `{oauth: {credentialToken, credentialSecret}}`. `key` is the credential token; the secret is stored hashed;
 * the user is already created or updated. Spent once.
 */
export interface IOAuthPendingCredential {
  _id: string;
  key: string;
  credentialSecretHash: string;
  service: string;
  userId: string;
  createdAt: Date;
  expireAt: Date;
}

export const OAuthPendingCredentialSchema = new Schema<IOAuthPendingCredential>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    credentialSecretHash: { type: String, required: true },
    service: { type: String, required: true },
    userId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expireAt: { type: Date, required: true },
  },
  { ...collectionOptions('meteor_oauth_pendingCredentials'), timestamps: false },
);
OAuthPendingCredentialSchema.index({ key: 1 }, { unique: true });
OAuthPendingCredentialSchema.index({ expireAt: 1 }, { expireAfterSeconds: 0 });
