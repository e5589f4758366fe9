import { z } from 'zod';
import { Actor } from '../accounts/self-user.js';
import { RoleIdField, UsernameField } from '../accounts/user-fields.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import type { Params } from '../core/binding.js';
import { integer } from '../core/wire-params.js';
import type { IRole } from '../typings/authorization.js';
import type { IUser } from '../typings/user.js';

const RoleScopeField = z.enum(['Users', 'Subscriptions']);
const RoleNameField = z.string().trim().min(1).max(64);

/** `GET /api/v1/roles.list`. */
export const authorizationListRoles = defineRpc({
  subject: 'authorization.listRoles',
  request: z.strictObject({}),
  response: as<{ roles: IRole[] }>(),
}).get('roles.list', { request: () => ({}) });

/** `POST /api/v1/roles.create` (needs `access-permissions`): a custom role. */
export const CreateRoleRequest = z.strictObject({
  actor: Actor,
  name: RoleNameField,
  scope: RoleScopeField.default('Users'),
  description: z.string().max(1024).default(''),
  mandatory2fa: z.boolean().optional(),
});

export const authorizationCreateRole = defineRpc({
  subject: 'authorization.createRole',
  request: CreateRoleRequest,
  response: as<{ role: IRole }>(),
}).post('roles.create', {
  request: ({ body, actor }) => ({
    actor,
    name: body.name,
    scope: body.scope,
    description: body.description,
    mandatory2fa: body.mandatory2fa,
  }),
});

/** `POST /api/v1/roles.update` (needs `access-permissions`); a protected role keeps its name. */
export const UpdateRoleRequest = z.strictObject({
  actor: Actor,
  roleId: RoleIdField,
  name: RoleNameField.optional(),
  scope: RoleScopeField.optional(),
  description: z.string().max(1024).optional(),
  mandatory2fa: z.boolean().optional(),
});

export const authorizationUpdateRole = defineRpc({
  subject: 'authorization.updateRole',
  request: UpdateRoleRequest,
  response: as<{ role: IRole }>(),
}).post('roles.update', {
  request: ({ body, actor }) => ({
    actor,
    roleId: body.roleId,
    name: body.name,
    scope: body.scope,
    description: body.description,
    mandatory2fa: body.mandatory2fa,
  }),
});

/** `POST /api/v1/roles.delete` (needs `access-permissions`): not a protected role, nor one still held. */
export const DeleteRoleRequest = z.strictObject({ actor: Actor, roleId: RoleIdField });

export const authorizationDeleteRole = defineRpc({
  subject: 'authorization.deleteRole',
  request: DeleteRoleRequest,
  response: as<{ ok: true }>(),
}).post('roles.delete', { request: ({ body, actor }) => ({ actor, roleId: body.roleId }), reply: () => ({}) });

/**
 * `POST /api/v1/roles.addUserToRole` (needs `access-permissions`; `admin` also `assign-admin-role`). A role
 * of scope `Subscriptions` (owner, moderator, leader, …) is given in the room `roomId`, to a member only.
 */
export const AddUserToRoleRequest = z
  .strictObject({
    actor: Actor,
    /** The role's id, or (deprecated in Rocket.Chat, still accepted) its name. */
    roleId: RoleIdField,
    userId: z.string().min(1).max(64).optional(),
    username: UsernameField.optional(),
    roomId: z.string().min(1).max(64).optional(),
  })
  .refine((r) => r.userId !== undefined || r.username !== undefined, {
    message: 'The required "userId" or "username" param was not provided',
  });

export const authorizationAddUserToRole = defineRpc({
  subject: 'authorization.addUserToRole',
  request: AddUserToRoleRequest,
  response: as<{ role: IRole }>(),
}).post('roles.addUserToRole', {
  request: ({ body, actor }) => ({ actor, roleId: roleIdOf(body), userId: body.userId, username: body.username, roomId: body.roomId }),
});

/** Rocket.Chat's `roleName` (deprecated) stands for `roleId` when that is absent. */
function roleIdOf(body: Params): unknown {
  return body.roleId ?? body.roleName;
}

/** `POST /api/v1/roles.removeUserFromRole` (needs `access-permissions`); `scope` is the room of a room role. */
export const RemoveUserFromRoleRequest = z.strictObject({
  actor: Actor,
  roleId: RoleIdField,
  username: UsernameField,
  scope: z.string().min(1).max(64).optional(),
});

export const authorizationRemoveUserFromRole = defineRpc({
  subject: 'authorization.removeUserFromRole',
  request: RemoveUserFromRoleRequest,
  response: as<{ role: IRole }>(),
}).post('roles.removeUserFromRole', {
  request: ({ body, actor }) => ({ actor, roleId: roleIdOf(body), username: body.username, scope: body.scope }),
});

/**
 * `GET /api/v1/roles.getUsersInRole` (needs `access-permissions`; in a room also `view-other-user-channels`):
 * the users holding a role, globally or (`roomId`) in a room, by username.
 */
export const UsersInRoleRequest = z.strictObject({
  actor: Actor,
  role: RoleIdField,
  roomId: z.string().min(1).max(64).optional(),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  count: z.number().int().min(0).max(1_000_000).optional(),
});

export type UserInRole = Pick<IUser, '_id' | 'username' | 'name' | 'emails' | 'createdAt' | '_updatedAt'>;

export const authorizationUsersInRole = defineRpc({
  subject: 'authorization.usersInRole',
  request: UsersInRoleRequest,
  response: as<{ users: UserInRole[]; total: number }>(),
}).get('roles.getUsersInRole', {
  request: ({ query, actor }) => ({
    actor,
    role: query.role,
    roomId: query.roomId,
    offset: integer(query.offset),
    count: integer(query.count),
  }),
});
