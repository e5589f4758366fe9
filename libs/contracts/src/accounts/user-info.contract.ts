import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { boolean, fields, json } from '../core/wire-params.js';
import { Actor, type UserView } from './self-user.js';
import { UserSelector } from './user-fields.js';

/**
 * `GET /api/v1/users.info` by `userId` or `username`: the public fields for anyone; e-mails, roles and the
 * like for oneself and holders of `view-full-other-user-info`.
 */
export const UserInfoRequest = z
  .strictObject({
    actor: Actor,
    ...UserSelector,
    /** Adds the user's rooms (oneself, or with `view-other-user-channels`). */
    includeUserRooms: z.boolean().optional(),
  })
  .refine((r) => (r.userId === undefined) !== (r.username === undefined), {
    message: 'exactly one of "userId" or "username" is required',
  });
export type UserInfoRequest = z.infer<typeof UserInfoRequest>;

export const accountsUserInfo = defineRpc({
  subject: 'accounts.userInfo',
  request: UserInfoRequest,
  response: as<{ user: UserView }>(),
}).get('users.info', {
  request: ({ query, actor }) => ({
    actor,
    userId: query.userId,
    username: query.username,
    // Rocket.Chat asks for the rooms with `fields={"userRooms":1}`; `includeUserRooms` is the older flag.
    includeUserRooms:
      fields(json(query.fields, 'fields')).userRooms === 1
        ? true
        : query.includeUserRooms === undefined
          ? undefined
          : boolean(query.includeUserRooms),
  }),
});
