import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';

/** A new user joins the default rooms (`default: true`), as Rocket.Chat does at registration. Core implements. */
export const roomsJoinDefaultRooms = defineRpc({
  subject: 'rooms.joinDefaultRooms',
  request: z.strictObject({ userId: z.string().min(1).max(64) }),
  response: as<{ joined: string[] }>(),
});

/**
 * What became of a deleted user's messages, by Rocket.Chat's `Message_ErasureType` setting: `Delete`d,
 * `Unlink`ed (reassigned to `replaceByUser`, shown under an alias), or `Keep`. Logged-in clients are told of
 * the first two in `Users:Deleted`, in these very fields, so that they drop or reassign the messages they hold.
 */
export type MessageErasure =
  | { messageErasureType: 'Delete' }
  | { messageErasureType: 'Unlink'; replaceByUser: { _id: string; username: string; alias: string } }
  | { messageErasureType: 'Keep' };

/**
 * A deleted user leaves every room (subscriptions removed, counts updated) and their messages are erased as
 * `Message_ErasureType` says. Core implements.
 */
export const roomsRemoveUserEverywhere = defineRpc({
  subject: 'rooms.removeUserEverywhere',
  request: z.strictObject({ userId: z.string().min(1).max(64) }),
  response: as<{ left: number; messages: MessageErasure }>(),
});

/** The rooms, by name, whose ownership a leaving user hands over (`shouldChangeOwner`) or that go with them. */
export interface RoomOwnershipsRelinquished {
  shouldChangeOwner: string[];
  shouldBeRemoved: string[];
}

/**
 * A user about to be deactivated gives up the rooms they alone own, as Rocket.Chat's `setUserActiveStatus` does:
 * the oldest other active member becomes an owner; a private room left without one (or with the user as its only
 * member) is erased. Without `confirm`, nothing changes while there are such rooms: `user-last-owner`, their names
 * in `details`. Core implements; accounts asks before deactivating.
 */
export const roomsRelinquishOwnerships = defineRpc({
  subject: 'rooms.relinquishOwnerships',
  request: z.strictObject({ userId: z.string().min(1).max(64), confirm: z.boolean() }),
  response: as<RoomOwnershipsRelinquished>(),
});
