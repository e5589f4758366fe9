import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import type { Params } from '../core/binding.js';
import { page, pagination } from '../core/wire-params.js';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { ActorField, PaginationFields, type Page } from '../rooms/common-fields.js';
import type { SettingValue } from '../typings/setting.js';

/** A setting's id as Rocket.Chat names them (`Message_MaxAllowedSize`, `Site_Url`, `Search.defaultProvider.PageSize`, …). */
export const SettingIdField = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+$/, 'expected a setting id')
  .max(128);

/** A value a client may give a setting (each setting's own type is checked by core). */
export const SettingValueField = z.union([
  z.string().max(100_000),
  z.number(),
  z.boolean(),
  z.array(z.string().max(1024)).max(500),
  z.null(),
]);

/** What a settings list answers per setting. */
export interface SettingView {
  _id: string;
  value: SettingValue;
}

/** `GET /api/v1/settings.public` (no login needed): the public settings, optionally only the given ids. */
export const settingsListPublic = defineRpc({
  subject: 'settings.listPublic',
  request: z.strictObject({ ids: z.array(SettingIdField).max(500).optional(), ...PaginationFields }),
  response: as<Page<SettingView>>(),
}).get('settings.public', {
  auth: 'none',
  request: ({ query }) => ({ ids: requestedIds(query), ...pagination(query) }),
  reply: (result) => page('settings', result),
});

/** Only some ids with `_id=a,b` or Rocket.Chat's `query={"_id":{"$in":[…]}}` (no other filter is taken). */
function requestedIds(query: Params): unknown {
  if (typeof query._id === 'string') return query._id.split(',');
  if (query.query === undefined) return undefined;
  const invalid = () => new DomainError(ErrorCode.InvalidQuery, 'Invalid query parameter provided');
  if (typeof query.query !== 'string') throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(query.query);
  } catch {
    throw invalid();
  }
  const ids = (parsed as { _id?: unknown } | null)?._id;
  if (typeof ids === 'string') return [ids];
  const inList = (ids as { $in?: unknown } | undefined)?.$in;
  if (Object.keys(parsed as object).length === 1 && Array.isArray(inList)) return inList;
  throw invalid();
}

/** `GET /api/v1/settings/:_id` (needs `view-privileged-setting`). */
export const settingsGet = defineRpc({
  subject: 'settings.get',
  request: z.strictObject({ actor: ActorField, _id: SettingIdField }),
  response: as<SettingView>(),
}).get('settings/:_id', { request: ({ params, actor }) => ({ actor, _id: params._id }) });

/**
 * `POST /api/v1/settings/:_id` (needs `edit-privileged-setting`): the value must fit the setting's type.
 * Re-authentication first, as Rocket.Chat's route (`twoFactorRequired`).
 */
export const settingsUpdate = defineRpc({
  subject: 'settings.update',
  request: z.strictObject({
    actor: ActorField,
    _id: SettingIdField,
    value: SettingValueField,
  }),
  response: as<{ ok: true }>(),
  twoFactor: {},
}).post('settings/:_id', { request: ({ params, body, actor }) => ({ actor, _id: params._id, value: body.value }), reply: () => ({}) });

/**
 * Rocket.Chat's `settings.addCustomOAuth` (REST, `{name}`) and `addOAuthService` (DDP): creates a custom
 * OAuth service's settings (`Accounts_OAuth_Custom-<Name>` and its sub-settings, disabled), with
 * `add-oauth-service`. The name is normalised as Rocket.Chat does; an existing service keeps its values.
 */
export const settingsAddCustomOAuth = defineRpc({
  subject: 'settings.addCustomOAuth',
  request: z.strictObject({ actor: ActorField, name: z.string().max(100) }),
  response: as<{ ok: true }>(),
})
  .post('settings.addCustomOAuth', { request: ({ body, actor }) => ({ actor, name: body.name }), reply: () => ({}) })
  .method('addOAuthService', { request: ([name], { actor }) => ({ actor, name }) });
