import type { IUser } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const USER_MODEL = 'User';

export const UserSchema = new Schema<IUser>(
  {
    _id: { type: String, required: true },
    createdAt: { type: Date, required: true },
    username: String,
    name: String,
    emails: [{ _id: false, address: String, verified: Boolean }],
    roles: { type: [String], default: [] },
    type: { type: String, required: true },
    active: { type: Boolean, required: true },
    status: String,
    statusConnection: String,
    statusDefault: String,
    statusText: String,
    utcOffset: Number,
    lastLogin: Date,
    language: String,
    bio: String,
    nickname: String,
    requirePasswordChange: Boolean,
    customFields: Schema.Types.Mixed,
    ldap: Boolean,
    settings: Schema.Types.Mixed,
    services: Schema.Types.Mixed,
  },
  collectionOptions('users'),
);

// Login, users.info and room requests by username, mentions (findByUsername, findRoomUserByUsername,
// findRoomUsersByUsernames, findPresenceByUsername). Unique as in Rocket.Chat.
UserSchema.index({ username: 1 }, { unique: true, sparse: true });
// Login and registration by e-mail: findByEmail.
UserSchema.index({ 'emails.address': 1 }, { unique: true, sparse: true });
// Resume login over DDP, only the token known (findByHashedToken); REST auth (id + token) is served by `_id`.
UserSchema.index({ 'services.resume.loginTokens.hashedToken': 1 }, { sparse: true });
// The links of password-reset and verification e-mails (findByPasswordResetToken, findByVerificationToken).
UserSchema.index({ 'services.password.reset.token': 1 }, { sparse: true });
UserSchema.index({ 'services.email.verificationTokens.token': 1 }, { sparse: true });
// LDAP logins and syncs find the user by the directory entry's unique id (findByLdapId).
UserSchema.index({ 'services.ldap.id': 1 }, { sparse: true });
// The background sync walks the LDAP users (findLdapUsers).
UserSchema.index({ ldap: 1 }, { sparse: true });
// Users by global role (admins, bots) and the admin seed check: existsWithRole, countWithRole, findPageInRole,
// findHoldersOfRoles.
UserSchema.index({ roles: 1 });
// Who is online (users.presence): findNotOffline.
UserSchema.index({ status: 1 });
// An app's own user, found by its app id whenever the app posts without naming a sender (findByAppId); Rocket.Chat's
// index.
UserSchema.index({ appId: 1 }, { sparse: true });
// VoIP: the agent of an extension and the users holding one, on every call routed (findByExtension,
// findWithExtensions); Rocket.Chat's index (unique there; here uniqueness is checked when one is assigned).
UserSchema.index({ extension: 1 }, { sparse: true });
// The agents the business hours made unavailable, looked for by every omnichannel instance's sweep while the hours
// apply (openLivechatAgentsForBusinessHours): a handful of users, not a read of every user every 10 s.
UserSchema.index({ livechatStatusSystemModified: 1 }, { sparse: true });
// users.list sorted by name: findPage.
UserSchema.index({ name: 1 }, { sparse: true });
// Spotlight by the other fields of Rocket.Chat's default Accounts_SearchFields (findActiveUsers' prefix ranges).
UserSchema.index({ nickname: 1 }, { sparse: true });
UserSchema.index({ bio: 1 }, { sparse: true });
