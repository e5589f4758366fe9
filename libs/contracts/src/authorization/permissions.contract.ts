import { z } from 'zod';
import { Actor } from '../accounts/self-user.js';
import { RoleIdField } from '../accounts/user-fields.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import type { IPermission } from '../typings/authorization.js';

const PermissionIdField = z.string().min(1).max(128);

/** `GET /api/v1/permissions.listAll`: every permission, or those changed after `updatedSince`. */
export const ListPermissionsRequest = z.strictObject({
  updatedSince: z.date().optional(),
});

export const authorizationListPermissions = defineRpc({
  subject: 'authorization.listPermissions',
  request: ListPermissionsRequest,
  response: as<{ update: IPermission[]; remove: IPermission[] }>(),
})
  .get('permissions.listAll', { request: ({ query }) => ({ updatedSince: updatedSinceOf(query.updatedSince) }) })
  // The clients' start-up read, open to anyone as in Rocket.Chat: a plain list, or `{update, remove}` when given a date.
  .method('permissions/get', {
    auth: 'optional',
    request: ([updatedAt]) => ({ updatedSince: updatedAt ?? undefined }),
    reply: (result, [updatedAt]) => (updatedAt instanceof Date ? result : result.update),
  })
  // Rocket.Chat's newer name for the same method.
  .method('permissions:get', {
    auth: 'optional',
    request: ([updatedAt]) => ({ updatedSince: updatedAt ?? undefined }),
    reply: (result, [updatedAt]) => (updatedAt instanceof Date ? result : result.update),
  });

function updatedSinceOf(value: unknown): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new DomainError(ErrorCode.InvalidUpdatedSince, 'The "updatedSince" query parameter must be a valid date.');
  }
  return new Date(time);
}

/** `POST /api/v1/permissions.update` (needs `access-permissions`): sets the roles of each permission given. */
export const UpdatePermissionsRequest = z.strictObject({
  actor: Actor,
  permissions: z
    .array(
      z.strictObject({
        _id: PermissionIdField,
        roles: z
          .array(RoleIdField)
          .max(100)
          .refine((roles) => new Set(roles).size === roles.length, 'roles must be unique'),
      }),
    )
    .min(1)
    .max(1000),
});

export const authorizationUpdatePermissions = defineRpc({
  subject: 'authorization.updatePermissions',
  request: UpdatePermissionsRequest,
  response: as<{ permissions: IPermission[] }>(),
}).post('permissions.update', { request: ({ body, actor }) => ({ actor, permissions: body.permissions }) });

/**
 * Which of `permissions` a user holds (global roles, plus room roles when `roomId` is given): one request
 * where a service needs several answers at once.
 */
export const GrantedPermissionsRequest = z.strictObject({
  userId: z.string().min(1).max(64),
  permissions: z.array(PermissionIdField).min(1).max(50),
  roomId: z.string().min(1).max(64).optional(),
});

export const authorizationGrantedPermissions = defineRpc({
  subject: 'authorization.grantedPermissions',
  request: GrantedPermissionsRequest,
  response: as<string[]>(),
});
