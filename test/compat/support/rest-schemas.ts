import { Ajv2020, type AnySchema, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The response shapes Rocket.Chat's own clients rely on, checked with the JSON schemas Rocket.Chat publishes
 * in `@rocket.chat/core-typings` (`IRoom`, `IMessage`, `ISubscription`, `IUser`, `IPermission`, `IMeApiUser`,
 * generated from the TypeScript types that `@rocket.chat/rest-typings` builds on, and the ones Rocket.Chat's
 * server validates its own answers with). The envelope of each endpoint follows the rest-typings declaration.
 *
 * ajv and ajv-formats are the validators rest-typings itself depends on (installed with it).
 */

const require = createRequire(import.meta.url);

/**
 * core-typings' `dist/Ajv.js` is the generated schema collection. It requires `typia` only for its types
 * (typia is a build-time dependency of core-typings, not installed with it), so the file is evaluated with
 * that one import stubbed; everything else it exports is plain data.
 */
function coreTypingsSchemas(): Record<string, AnySchema> {
  const file = join(dirname(require.resolve('@rocket.chat/core-typings/package.json')), 'dist/Ajv.js');
  const module = { exports: {} as { schemas?: { components: { schemas: Record<string, AnySchema> } } } };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluates that CommonJS file with typia stubbed (above)
  const load = new Function('exports', 'require', 'module', readFileSync(file, 'utf8'));
  load(module.exports, (name: string) => (name === 'typia' ? {} : require(name)), module);
  if (!module.exports.schemas) throw new Error('no schemas in @rocket.chat/core-typings/dist/Ajv.js');
  return module.exports.schemas.components.schemas;
}

// A CommonJS module: its function is the default export under Node's ESM interop, or `.default` under Jest's.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;
const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
addFormats(ajv);

const components = coreTypingsSchemas();
/** A core-typings schema with a different list of required fields (its references resolve as before). */
const requiring = (name: string, required: (fields: string[]) => string[]) => {
  const schema = components[name] as { required: string[] };
  return { ...schema, required: required(schema.required) };
};
/**
 * Variants Rocket.Chat's own data needs, added beside the originals so that their references resolve in the
 * same document:
 * - `IDirectMessageRoom` (core-typings has no schema of its own for it): an IRoom without `u`, with its
 *   members' ids and usernames;
 * - `IStoredRoom`: a room of any type as `rooms.get` lists them. Rocket.Chat creates the `general` channel
 *   without `u` (createWithIdTypeAndName), and clients cope with it; every other field keeps IRoom's type;
 * - `IUserView`: `users.info` of another user, whom Rocket.Chat shows only in part (getFullUserData's
 *   default fields: no `createdAt`, `roles` or `_updatedAt` without `view-full-other-user-info`).
 */
components.IDirectMessageRoom = requiring('IRoom', (fields) => [...fields.filter((f) => f !== 'u'), 'uids', 'usernames']);
components.IStoredRoom = requiring('IRoom', (fields) => fields.filter((f) => f !== 'u'));
components.IUserView = requiring('IUser', () => ['_id', 'username']);
/** `IListedRole`: a role as `roles.list` lists it (Rocket.Chat projects `_updatedAt` out). */
components.IListedRole = requiring('IRole', (fields) => fields.filter((f) => f !== '_updatedAt'));
ajv.addSchema({ $id: 'rc', components: { schemas: components } });

const ref = (name: string) => ({ $ref: `rc#/components/schemas/${name}` });
const success = { type: 'boolean', enum: [true] };
const array = (items: AnySchema) => ({ type: 'array', items });
const object = (properties: Record<string, AnySchema>, required = Object.keys(properties), extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  required,
  ...extra,
});
/** `API.v1.success(…)`: the endpoint's fields plus `success: true`. */
const ok = (properties: Record<string, AnySchema>, required = Object.keys(properties)) =>
  object({ ...properties, success }, [...required, 'success']);

/** A room of any type: a direct message by the direct-message schema, any other by IRoom. */
const anyRoom = { if: object({ t: { const: 'd' } }), then: ref('IDirectMessageRoom'), else: ref('IStoredRoom') };

const page = (key: string, items: AnySchema) =>
  ok({ [key]: array(items), count: { type: 'integer' }, offset: { type: 'integer' }, total: { type: 'integer' } });
const sync = (items: AnySchema, removed: AnySchema) => ok({ update: array(items), remove: array(removed) });
const removedRecord = object({ _id: { type: 'string' }, _deletedAt: { type: 'string', format: 'date-time' } });

/** A public setting as `settings.public` lists it (Rocket.Chat projects `_id` and `value`, and a few flags). */
const publicSetting = object({ _id: { type: 'string' }, value: {} }, ['_id', 'value']);

/** `IMeApiUser` + `success`, nothing else: Rocket.Chat's `/me` response schema has `unevaluatedProperties: false`. */
const me = { type: 'object', allOf: [ref('IMeApiUser'), object({ success })], unevaluatedProperties: false };

/** The success bodies of the endpoints a bot or client session uses, keyed by endpoint. */
const successSchemas: Record<string, AnySchema> = {
  'POST login': object({
    status: { const: 'success' },
    data: object({
      userId: { type: 'string' },
      authToken: { type: 'string' },
      me: { allOf: [ref('IMeApiUser')], unevaluatedProperties: false },
    }),
  }),
  'GET me': me,
  'POST users.create': ok({ user: ref('IUser') }),
  'GET users.info': ok({
    user: {
      allOf: [
        ref('IUserView'),
        {
          properties: {
            rooms: array(object({ rid: { type: 'string' }, name: { type: 'string' }, t: { type: 'string' }, unread: { type: 'number' } })),
          },
        },
      ],
    },
  }),
  'POST channels.create': ok({ channel: ref('IRoom') }),
  'POST channels.invite': ok({ channel: ref('IRoom') }),
  'POST groups.create': ok({ group: ref('IRoom') }),
  'POST im.create': ok({ room: { allOf: [anyRoom, object({ rid: { type: 'string' } })] } }),
  'POST chat.postMessage': ok({ ts: { type: 'number' }, channel: { type: 'string' }, message: ref('IMessage') }),
  'POST chat.sendMessage': ok({ message: ref('IMessage') }),
  'POST chat.update': ok({ message: ref('IMessage') }),
  'POST chat.react': ok({}),
  'GET channels.history': ok({ messages: array(ref('IMessage')), firstUnread: ref('IMessage'), unreadNotLoaded: { type: 'number' } }, [
    'messages',
  ]),
  'GET channels.messages': page('messages', ref('IMessage')),
  'GET rooms.get': sync(anyRoom, removedRecord),
  'GET subscriptions.get': sync(ref('ISubscription'), removedRecord),
  'POST subscriptions.read': ok({}),
  'GET settings.public': page('settings', publicSetting),
  'GET permissions.listAll': sync(ref('IPermission'), object({ _id: { type: 'string' } })),
  'POST logout': object({ status: { const: 'success' }, data: object({ message: { type: 'string' } }) }),
  // What the mobile app reads at login and on opening a room (rest-typings' declarations).
  'GET settings.oauth': ok({ services: array({ type: 'object' }) }),
  'GET emoji-custom.list': ok({ emojis: object({ update: array(ref('IEmojiCustom')), remove: array({ type: 'object' }) }) }),
  'GET roles.list': ok({ roles: array(ref('IListedRole')) }),
  'GET commands.list': page('commands', object({ command: { type: 'string' } }, ['command'])),
  'GET roles.getUsersInPublicRoles': ok({
    users: array(object({ _id: { type: 'string' }, username: { type: 'string' }, roles: array({ type: 'string' }) }, ['_id', 'roles'])),
  }),
  'POST push.token': ok({}, []),
  'GET rooms.info': ok({ room: anyRoom }),
  'GET groups.roles': ok({
    roles: array(
      object({
        rid: { type: 'string' },
        u: object({ _id: { type: 'string' }, username: { type: 'string' } }),
        roles: array({ type: 'string' }),
      }),
    ),
  }),
  'GET groups.history': ok({ messages: array(ref('IMessage')) }, ['messages']),
  'GET chat.syncMessages': ok({
    result: object(
      {
        updated: array(ref('IMessage')),
        deleted: array(object({ _id: { type: 'string' }, _deletedAt: { type: 'string', format: 'date-time' } })),
        cursor: object({ next: { type: ['string', 'null'] }, previous: { type: ['string', 'null'] } }),
      },
      ['updated', 'deleted'],
    ),
  }),
};

/** rest-typings' error bodies (`validateBadRequestErrorResponse` and siblings), by status code. */
const errorSchemas: Record<number, AnySchema> = {
  400: object(
    {
      success: { type: 'boolean', enum: [false] },
      stack: { type: 'string' },
      error: { type: 'string' },
      errorType: { type: 'string' },
      details: { anyOf: [{ type: 'string' }, { type: 'object' }, { type: 'array' }] },
    },
    ['success'],
    { additionalProperties: false },
  ),
  401: object(
    {
      success: { type: 'boolean', enum: [false] },
      status: { type: 'string' },
      message: { type: 'string' },
      error: { type: 'string' },
      errorType: { type: 'string' },
    },
    ['success'],
    { additionalProperties: false },
  ),
  403: object(
    {
      success: { type: 'boolean', enum: [false] },
      status: { type: 'string' },
      message: { type: 'string' },
      error: { type: 'string' },
      errorType: { type: 'string' },
    },
    ['success'],
    { additionalProperties: false },
  ),
  404: object({ success: { type: 'boolean', enum: [false] }, error: { type: 'string' } }),
};

const compiled = new Map<string, ValidateFunction>();
function validator(key: string, schema: AnySchema): ValidateFunction {
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

/** The schema violations of a success body (`[]` when it conforms), readable in a failed expectation. */
export function successViolations(endpoint: string, body: unknown): string[] {
  const schema = successSchemas[endpoint];
  if (!schema) throw new Error(`no schema for ${endpoint}`);
  return violations(validator(endpoint, schema), body);
}

/** The schema violations of an error body of the given status. */
export function errorViolations(status: number, body: unknown): string[] {
  const schema = errorSchemas[status];
  if (!schema) throw new Error(`no error schema for ${status}`);
  return violations(validator(`error ${status}`, schema), body);
}

function violations(validate: ValidateFunction, body: unknown): string[] {
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}
