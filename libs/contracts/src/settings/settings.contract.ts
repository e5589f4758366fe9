import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import type { Params } from '../core/binding.js';
import { json, page, pagination, sort } from '../core/wire-params.js';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { ActorField, PaginationFields, SortField, type Page } from '../rooms/common-fields.js';
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
  // roomPick: `[{_id, name}]`; asset: `{url, defaultUrl}`.
  z.array(z.record(z.string().max(64), z.string().max(1024))).max(500),
  z.record(z.string().max(64), z.union([z.string().max(2048), z.null()])),
  z.null(),
]);

/** What a settings list answers per setting (and the fields asked for with `fields`). */
export interface SettingView {
  _id: string;
  value: SettingValue;
  enterprise?: boolean;
  invalidValue?: SettingValue;
  modules?: string[];
  [field: string]: unknown;
}

/** The setting fields a list's JSON `query`, `sort` and `fields` may name. */
const SETTING_FIELDS = [
  '_id',
  'value',
  'packageValue',
  'type',
  'group',
  'section',
  'tab',
  'public',
  'enterprise',
  'invalidValue',
  'modules',
  'blocked',
  'readonly',
  'secret',
  'i18nLabel',
  'i18nDescription',
  'values',
  'sorter',
  'wizard',
  'enableQuery',
  'displayQuery',
  'multiline',
  'code',
  'alert',
  'placeholder',
  'actionText',
  'valueSource',
  'processEnvValue',
  'packageEditor',
  'ts',
  '_updatedAt',
] as const;
const SettingFieldKey = z.enum(SETTING_FIELDS);
/** Fields a `query` may filter on: the facts, never the values (a secret is not to be guessed by filtering). */
const QUERYABLE_FIELDS = SETTING_FIELDS.filter((field) => !/^(value|packageValue|processEnvValue|invalidValue)$/.test(field));
const Scalar = z.union([z.string().max(1024), z.number(), z.boolean(), z.null()]);

/**
 * A filter of Rocket.Chat's JSON `query` on settings: per field a value, or one of the operators its
 * administration pages send (`$in`, `$nin`, `$ne`, `$exists`, `$regex` with `$options`). No other operator.
 */
export const SettingsQueryField = z.partialRecord(
  z.enum(QUERYABLE_FIELDS as [string, ...string[]]),
  z.union([
    Scalar,
    z.strictObject({ $in: z.array(Scalar).max(2000) }),
    z.strictObject({ $nin: z.array(Scalar).max(2000) }),
    z.strictObject({ $ne: Scalar }),
    z.strictObject({ $exists: z.boolean() }),
    z.strictObject({
      $regex: z.string().max(200),
      $options: z
        .string()
        .regex(/^[imx]{0,3}$/)
        .optional(),
    }),
  ]),
);
const SettingsFieldsField = z.partialRecord(SettingFieldKey, z.union([z.literal(0), z.literal(1)]));

const listRequest = {
  query: SettingsQueryField.optional(),
  sort: SortField.optional(),
  fields: SettingsFieldsField.optional(),
  ...PaginationFields,
};

/** Parses a JSON parameter and checks it here, so a bad one answers Rocket.Chat's `error-invalid-<name>`. */
function checkedJson(value: unknown, name: 'query' | 'sort' | 'fields', schema: z.ZodType): unknown {
  const parsed = name === 'sort' ? sort(value) : json(value, name);
  if (parsed === undefined || schema.safeParse(parsed).success) return parsed;
  const code = { query: ErrorCode.InvalidQuery, sort: ErrorCode.InvalidSort, fields: ErrorCode.InvalidFields }[name];
  throw new DomainError(code, `Invalid ${name} parameter provided`);
}

/** The list parameters Rocket.Chat's `parseJsonQuery` reads, and `_id=a,b` (an id list) for the public list. */
function listParams(query: Params) {
  const filter = checkedJson(query.query, 'query', SettingsQueryField) as Record<string, unknown> | undefined;
  const ids = typeof query._id === 'string' ? { _id: { $in: query._id.split(',') } } : undefined;
  return {
    query: filter || ids ? { ...filter, ...ids } : undefined,
    sort: checkedJson(query.sort, 'sort', SortField),
    fields: checkedJson(query.fields, 'fields', SettingsFieldsField),
    ...pagination(query),
  };
}

/**
 * `GET /api/v1/settings.public` (no login needed): the public, visible settings, `{_id, value, enterprise,
 * …}` per setting; JSON `query` / `sort` / `fields` and paging as Rocket.Chat.
 */
export const settingsListPublic = defineRpc({
  subject: 'settings.listPublic',
  request: z.strictObject(listRequest),
  response: as<Page<SettingView>>(),
}).get('settings.public', {
  auth: 'none',
  request: ({ query }) => listParams(query),
  reply: (result) => page('settings', result),
});

/**
 * `GET /api/v1/settings` (logged in): the visible settings (only the public ones without
 * `view-privileged-setting`), with Rocket.Chat's JSON `query`, `sort`, `fields` and paging.
 */
export const settingsList = defineRpc({
  subject: 'settings.list',
  request: z.strictObject({ actor: ActorField, ...listRequest }),
  response: as<Page<SettingView>>(),
}).get('settings', {
  request: ({ query, actor }) => ({ actor, ...listParams(query) }),
  reply: (result) => page('settings', result),
});

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
