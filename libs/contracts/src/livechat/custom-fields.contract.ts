import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { json, pagination, sort } from '../core/wire-params.js';
import { ActorField, PaginationFields, SortField } from '../rooms/common-fields.js';
import type { ILivechatCustomField } from './livechat-types.js';
import { LivechatIdField } from './visitor.contract.js';

// ── the administration of the livechat custom fields (`rocketchat_livechat_custom_field`) ────────────────────

/** `GET livechat/custom-fields?text&offset&count&sort` → `{customFields, count, offset, total}` (`view-l-room`). */
export const livechatListCustomFields = defineRpc({
  subject: 'omnichannel.customFields.list',
  request: z.strictObject({
    actor: ActorField,
    text: z.string().max(256).optional(),
    sort: SortField.optional(),
    ...PaginationFields,
  }),
  response: as<{ customFields: ILivechatCustomField[]; count: number; offset: number; total: number }>(),
}).get('livechat/custom-fields', {
  request: ({ actor, query }) => {
    // Rocket.Chat parses `query` (it must be JSON) and does not apply it to this listing.
    json(query.query, 'query');
    return { actor, text: query.text, sort: sort(query.sort), ...pagination(query) };
  },
});

/** `GET livechat/custom-fields/:_id` → `{customField}` (`null` when there is none; `view-l-room`). */
export const livechatGetCustomField = defineRpc({
  subject: 'omnichannel.customFields.get',
  request: z.strictObject({ actor: ActorField, _id: LivechatIdField }),
  response: as<{ customField: ILivechatCustomField | null }>(),
}).get('livechat/custom-fields/:_id', { request: ({ actor, params }) => ({ actor, _id: params._id }) });

/**
 * What `livechat:saveCustomField` receives (Rocket.Chat's `Match.ObjectIncluding`): `field` (the id of a new
 * field), `label`, `scope`, `visibility`, `regexp`, `searchable`, and what the administration form adds.
 */
export const CustomFieldInput = z.object({
  field: z.string().min(1).max(128),
  label: z.string().max(256),
  scope: z.enum(['visitor', 'room']),
  visibility: z.enum(['visible', 'hidden']),
  regexp: z.string().max(1024),
  searchable: z.boolean(),
  type: z.enum(['input', 'select']).optional(),
  required: z.boolean().optional(),
  defaultValue: z.string().max(1024).optional(),
  options: z.string().max(4096).optional(),
  public: z.boolean().optional(),
});

/**
 * DDP `livechat:saveCustomField [_id, customFieldData]` (`view-livechat-manager`): a new field (no `_id`; its id
 * is `field`) or an existing one's values → the field as saved.
 */
export const livechatSaveCustomField = defineRpc({
  subject: 'omnichannel.customFields.save',
  request: z.strictObject({
    actor: ActorField,
    _id: LivechatIdField.nullish(),
    customField: CustomFieldInput,
  }),
  response: as<ILivechatCustomField>(),
}).method('livechat:saveCustomField', {
  // Rocket.Chat checks `_id` only when it is given (`if (_id) check(_id, String)`).
  request: ([id, data], { actor }) => ({ actor, _id: id === '' ? undefined : id, customField: data }),
});

/**
 * DDP `livechat:removeCustomField [_id]` (`view-livechat-manager`, else `error-not-allowed`) →
 * `{acknowledged, deletedCount}`; an unknown id is `error-invalid-custom-field`.
 */
export const livechatRemoveCustomField = defineRpc({
  subject: 'omnichannel.customFields.remove',
  request: z.strictObject({ actor: ActorField, _id: LivechatIdField }),
  response: as<{ acknowledged: boolean; deletedCount: number }>(),
}).method('livechat:removeCustomField', { request: ([id], { actor }) => ({ actor, _id: id }) });

/**
 * `POST livechat/custom-fields.remove {_id}` (`view-livechat-manager`, else 403) → `{acknowledged, deletedCount}`;
 * as Rocket.Chat's route, an unknown id removes nothing (`deletedCount: 0`).
 */
export const livechatRemoveCustomFieldByRest = defineRpc({
  subject: 'omnichannel.customFields.removeByRest',
  request: z.strictObject({ actor: ActorField, _id: LivechatIdField }),
  response: as<{ acknowledged: boolean; deletedCount: number }>(),
}).post('livechat/custom-fields.remove', { request: ({ actor, body }) => ({ actor, _id: body._id }) });
