import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField, EntityIdField } from '../rooms/common-fields.js';
import type { RoomType } from '../typings/room.js';

/** Rocket.Chat's `IInvite` (`rocketchat_invites`): a link that lets whoever holds it join a room. */
export interface IInvite {
  _id: string;
  rid: string;
  userId: string;
  inviteToken: string;
  /** 0 (never), 1, 7, 15 or 30. */
  days: number;
  /** 0 (unlimited), 1, 5, 10, 25, 50 or 100. */
  maxUses: number;
  uses: number;
  createdAt: Date;
  expires: Date | null;
  /** Where the link points: `<Site_Url>/invite/<inviteToken>` (filled in when answered). */
  url: string;
  _updatedAt: Date;
}

/** An invite token: Rocket.Chat's are UUIDs; anything else simply matches no invite. */
const InviteTokenField = z.string().min(1).max(128);

/** Who creates or lists invites: needs `create-invite-links` (in the room, for a room's invite). */
export const invitesFindOrCreate = defineRpc({
  subject: 'invites.findOrCreate',
  request: z.strictObject({
    actor: ActorField,
    rid: EntityIdField,
    days: z.number().int().optional(),
    maxUses: z.number().int().optional(),
  }),
  response: as<IInvite>(),
}).post('findOrCreateInvite', {
  request: ({ body, actor }) => ({ actor, rid: body.rid, days: body.days, maxUses: body.maxUses }),
});

/** `GET listInvites`: Rocket.Chat answers the bare array (no envelope). */
export const invitesList = defineRpc({
  subject: 'invites.list',
  request: z.strictObject({ actor: ActorField }),
  response: as<IInvite[]>(),
}).get('listInvites', { envelope: false, request: ({ actor }) => ({ actor }) });

/** `DELETE removeInvite/:_id`: Rocket.Chat answers a bare `true`. */
export const invitesRemove = defineRpc({
  subject: 'invites.remove',
  request: z.strictObject({ actor: ActorField, _id: EntityIdField }),
  response: as<{ ok: true }>(),
}).delete('removeInvite/:_id', { envelope: false, request: ({ params, actor }) => ({ actor, _id: params._id }), reply: () => true });

/** `POST useInviteToken`: the caller joins the invite's room (a use is counted when they were not a member). */
export const invitesUseToken = defineRpc({
  subject: 'invites.useToken',
  request: z.strictObject({ actor: ActorField, token: InviteTokenField }),
  response: as<{ room: { rid: string; prid?: string; fname?: string; name?: string; t: RoomType } }>(),
}).post('useInviteToken', { request: ({ body, actor }) => ({ actor, token: body.token }) });

/** `POST validateInviteToken` (no login needed): `{valid}`, false for any problem, never an error. */
export const invitesValidateToken = defineRpc({
  subject: 'invites.validateToken',
  request: z.strictObject({ token: z.unknown() }),
  response: as<{ valid: boolean }>(),
}).post('validateInviteToken', { auth: 'none', request: ({ body }) => ({ token: body.token }) });
