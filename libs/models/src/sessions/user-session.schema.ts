import type { UserStatus } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const USER_SESSION_MODEL = 'UserSession';

/** One open DDP connection of a user, on one gateway instance (Rocket.Chat's IUserSessionConnection). */
export interface UserSessionConnection {
  id: string;
  instanceId: string;
  status: UserStatus;
  _createdAt: Date;
  _updatedAt: Date;
}

/** Rocket.Chat's `usersSessions`: a user's open connections, the source of their presence. */
export interface UserSession {
  _id: string;
  connections: UserSessionConnection[];
}

export const UserSessionSchema = new Schema<UserSession>(
  {
    _id: { type: String, required: true },
    connections: [
      {
        _id: false,
        id: { type: String, required: true },
        instanceId: { type: String, required: true },
        status: { type: String, required: true },
        _createdAt: { type: Date, required: true },
        _updatedAt: { type: Date, required: true },
      },
    ],
  },
  collectionOptions('usersSessions'),
);

// A connection by its id (status changes, removal on close).
UserSessionSchema.index({ 'connections.id': 1 }, { sparse: true });
// The connections of a gateway instance (removed together when the instance dies).
UserSessionSchema.index({ 'connections.instanceId': 1 }, { sparse: true });
