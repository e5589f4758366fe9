import { z } from 'zod';
import type { UserStatus } from '../typings/user.js';

/** The statuses a user may choose (Rocket.Chat's UserStatus, `disabled` aside). */
export const UserStatusSchema = z.enum(['online', 'away', 'busy', 'offline']);

/** The statuses a connection reports (`UserPresence:online` / `UserPresence:away`). */
export const ConnectionStatusSchema = z.enum(['online', 'away']);

/** A user's presence as the presence service computed it. */
export interface PresenceState {
  _id: string;
  status: UserStatus;
  statusConnection: UserStatus;
  statusDefault: UserStatus;
  statusText?: string;
}
