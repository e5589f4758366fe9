import { as } from '../core/phantom.js';
import { defineEvent } from '../core/event-contract.js';

/** The routing keys of `userChangedEvent`: which of the user's fields changed. */
export const UserChange = {
  /** `settings.preferences` (users.setPreferences, saveUserPreferences, users.update): accounts. */
  preferences: 'preferences',
  /** `status`, `statusConnection`, `statusDefault` or `statusText`: presence, after every write of them. */
  presence: 'presence',
} as const;
export type UserChange = (typeof UserChange)[keyof typeof UserChange];

/**
 * Broadcast after a user's document changed in a way that what other services hold of it goes stale (core's
 * `DesktopReceiverCache`: presence and notification preferences), keyed by what changed. No client sees it (the
 * clients' own events, `user-status`, `userData`, are published beside it). accounts answers a change once NATS
 * has it, so a request made after the answer is handled after it (InboundEvents). A deletion or deactivation is
 * `authorization.changed` (`user`).
 */
export const userChangedEvent = defineEvent({ name: 'users.changed', payload: as<{ userId: string }>() });
