import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { fields, json, pagination, sort } from '../core/wire-params.js';
import { ActorField, EntityIdField, PaginationFields } from '../rooms/common-fields.js';
import type { ICustomUserStatus } from '../typings/customization.js';

/** The fields of a custom status a list may filter or sort on (Rocket.Chat's `parseJsonQuery`, values only). */
const StatusFieldKey = z.enum(['_id', 'name', 'statusType']);

/** A status name as typed by an administrator; Rocket.Chat's character rule is checked by the service. */
export const CustomStatusNameField = z.string().max(120);
/** `online`, `away`, `busy`, `offline` or empty: checked by the service (Rocket.Chat's `error-input-is-not-a-valid-field`). */
export const CustomStatusTypeField = z.string().max(32);

export interface CustomUserStatusPage {
  statuses: ICustomUserStatus[];
  count: number;
  offset: number;
  total: number;
}

/**
 * `GET custom-user-status.list`: paginated, `name` (case-insensitive substring), `_id`, Rocket.Chat's JSON
 * `query` (plain values on `_id`/`name`/`statusType`) and `sort` (by name by default).
 */
export const customUserStatusPage = defineRpc({
  subject: 'customUserStatus.page',
  request: z.strictObject({
    actor: ActorField,
    name: z.string().max(120).optional(),
    _id: EntityIdField.optional(),
    query: z.partialRecord(StatusFieldKey, z.string().max(120)).optional(),
    sort: z.partialRecord(z.enum(['_id', 'name', 'statusType', '_updatedAt']), z.union([z.literal(1), z.literal(-1)])).optional(),
    ...PaginationFields,
  }),
  response: as<CustomUserStatusPage>(),
}).get('custom-user-status.list', {
  request: ({ query, actor }) => ({
    actor,
    name: query.name,
    _id: query._id,
    query: json(query.query, 'query'),
    sort: sort(query.sort),
    ...pagination(query),
  }),
});

/**
 * Rocket.Chat's `insertOrUpdateUserStatus` (`manage-user-status`): without `_id` a new status
 * (`custom-user-status.create`), with one an update of that existing status (`custom-user-status.update`,
 * where `_id` is required); the DDP method does either. Announced as `updateCustomUserStatus` on
 * stream-notify-logged.
 */
export const customUserStatusSave = defineRpc({
  subject: 'customUserStatus.save',
  request: z.strictObject({
    actor: ActorField,
    _id: EntityIdField.optional(),
    name: CustomStatusNameField,
    statusType: CustomStatusTypeField.optional(),
  }),
  response: as<{ customUserStatus: ICustomUserStatus; created: boolean }>(),
})
  .post('custom-user-status.create', {
    request: ({ body, actor }) => ({ actor, _id: undefined, name: body.name, statusType: body.statusType }),
    reply: ({ customUserStatus }) => ({ customUserStatus }),
  })
  .post('custom-user-status.update', {
    request: ({ body, actor }) => ({ actor, _id: body._id ?? '', name: body.name, statusType: body.statusType }),
    reply: ({ customUserStatus }) => ({ customUserStatus }),
  })
  .method('insertOrUpdateUserStatus', {
    request: ([data], { actor }) => {
      const { _id, name, statusType } = fields(data);
      return { actor, _id: _id ?? undefined, name, statusType };
    },
    // Rocket.Chat answers the new status's id, or `true` for an update.
    reply: ({ customUserStatus, created }) => (created ? customUserStatus._id : true),
  });

/** `custom-user-status.delete` (`customUserStatusId`) and DDP `deleteCustomUserStatus(id)`: announced as `deleteCustomUserStatus`. */
export const customUserStatusDelete = defineRpc({
  subject: 'customUserStatus.delete',
  request: z.strictObject({ actor: ActorField, statusId: EntityIdField }),
  response: as<{ ok: true }>(),
})
  .post('custom-user-status.delete', {
    request: ({ body, actor }) => ({ actor, statusId: body.customUserStatusId }),
    reply: () => ({}),
  })
  .method('deleteCustomUserStatus', { request: ([statusId], { actor }) => ({ actor, statusId }), reply: () => true });
