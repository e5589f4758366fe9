import { z } from 'zod';
import { UsernameField } from '../accounts/user-fields.js';

/**
 * Field schemas shared by the room, message, subscription, team and settings contracts. Each accepts only
 * its own type, so an operator object where a string is expected (`{"$ne": null}`) is refused before any
 * service code runs.
 */
export const EntityIdField = z.string().min(1).max(64);

/** A room or team name as typed by a user; Rocket.Chat's own rules (the name pattern) are checked by the service. */
export const RoomNameField = z.string().trim().min(1).max(256);

/** Who is asking (`Actor`): resolved by the gateway from the request's credentials. */
export const ActorField = z.strictObject({
  userId: EntityIdField,
  username: z.string().max(64),
});

/** The REST family a request came through: `channels.*` (c), `groups.*` (p), `im.*` (d). */
export const RoomFamilyField = z.enum(['c', 'p', 'd']);
export type RoomFamily = z.infer<typeof RoomFamilyField>;

/** Which room: Rocket.Chat's `roomId` or `roomName` (one of them is required; the service says so). */
export const RoomSelectorFields = {
  roomId: EntityIdField.optional(),
  roomName: RoomNameField.optional(),
  /** The REST family: a room of another type is "not found", as Rocket.Chat's `findChannelByIdOrName`. */
  t: RoomFamilyField.optional(),
};

/** Which user: Rocket.Chat's `userId` or `username` (`getUserFromParams`). */
export const UserSelectorFields = {
  userId: EntityIdField.optional(),
  username: UsernameField.optional(),
};

/**
 * Rocket.Chat's pagination (`offset`, `count`): the service's `PageSize` (`@rc/settings`) turns `count` into the
 * page served (absent: `API_Default_Count`; capped at `API_Upper_Count_Limit`; 0: everything while
 * `API_Allow_Infinite_Count`).
 */
export const PaginationFields = {
  offset: z.number().int().min(0).max(1_000_000).default(0),
  count: z.number().int().min(0).max(1_000_000).optional(),
};

/** A sort on named fields (`{"name": 1}`); field names only, never operators. */
export const SortField = z.record(
  z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/, 'expected a field name')
    .max(64),
  z.union([z.literal(1), z.literal(-1)]),
);

/** A paginated list answer, as Rocket.Chat's REST lists (`count` is the page's length). */
export interface Page<T> {
  items: T[];
  count: number;
  offset: number;
  total: number;
}
