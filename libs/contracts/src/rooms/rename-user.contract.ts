import { z } from 'zod';
import { NameField, UsernameField } from '../accounts/user-fields.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { EntityIdField } from './common-fields.js';

/**
 * A user's username or display name changed (the accounts service has updated the user document): core
 * updates the copies kept in its documents, as Rocket.Chat's `saveUserIdentity`. A username change renames
 * the user in messages (`u.username`, `editedBy.username`, mentions and their text), subscriptions
 * (`u.username`), rooms (`u.username`, direct messages' `usernames`, `muted`); either change renames the
 * direct messages in the other members' subscriptions (`name` / `fname`). Core implements.
 */
export const RenameUserRequest = z.strictObject({
  userId: EntityIdField,
  oldUsername: UsernameField,
  newUsername: UsernameField,
  /** The display name now (absent when the user has none): the `fname` of direct messages with them. */
  name: NameField.optional(),
});
export type RenameUserRequest = z.infer<typeof RenameUserRequest>;

/** How many documents were changed, by collection. */
export interface RenameUserResult {
  messages: number;
  rooms: number;
  subscriptions: number;
}

export const roomsRenameUser = defineRpc({
  subject: 'rooms.renameUser',
  request: RenameUserRequest,
  response: as<RenameUserResult>(),
  // A prolific user's messages are many: one updateMany each, and the mentions of them in batches.
  timeoutMs: 30_000,
});
