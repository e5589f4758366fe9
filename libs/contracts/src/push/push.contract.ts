import { z } from 'zod';
import { hashLoginToken } from '../accounts/login-tokens-revoked.event.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField, EntityIdField } from '../rooms/common-fields.js';
import type { IMessage } from '../typings/message.js';
import type { IAppsTokens, PushNotificationConfig } from '../typings/push.js';

/**
 * Registers (or refreshes) the caller's device token. The values are checked by the service with Rocket.Chat's
 * error ids (`error-type-param-not-valid`, …), so they arrive unchecked here. `authToken`: the hash of the login
 * token used, so that logging out with it removes the device.
 */
export const pushTokenSave = defineRpc({
  subject: 'push.tokenSave',
  request: z.strictObject({
    actor: ActorField,
    id: z.unknown().optional(),
    type: z.unknown().optional(),
    value: z.unknown().optional(),
    appName: z.unknown().optional(),
    authToken: z.string().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  }),
  response: as<{ result: IAppsTokens }>(),
})
  // `POST push.token` {type: 'apn'|'gcm', value, appName, id?}: the mobile app on every login.
  .post('push.token', {
    request: ({ body, actor, caller }) => ({
      actor,
      id: body.id,
      type: body.type,
      value: body.value,
      appName: body.appName,
      authToken: caller.authToken ? hashLoginToken(caller.authToken) : undefined,
      metadata: undefined,
    }),
  })
  // Meteor `raix:push-update` {id, token: {apn}|{gcm}, appName, userId, metadata?}: the same, as older apps call it.
  .method('raix:push-update', {
    request: ([options], { actor, authToken }) => {
      const o = (typeof options === 'object' && options !== null ? options : {}) as Record<string, unknown>;
      const token = (typeof o.token === 'object' && o.token !== null ? o.token : {}) as Record<string, unknown>;
      const type = Object.keys(token).find((key) => key === 'apn' || key === 'gcm');
      return {
        actor,
        id: o.id,
        type,
        value: type ? token[type] : undefined,
        appName: o.appName,
        authToken: authToken ? hashLoginToken(authToken) : undefined,
        metadata: typeof o.metadata === 'object' && o.metadata !== null ? (o.metadata as Record<string, unknown>) : undefined,
      };
    },
    reply: ({ result }) => result,
  });

/** `DELETE push.token` {token}: the mobile app on logout; 404 when the caller has no such token. */
export const pushTokenRemove = defineRpc({
  subject: 'push.tokenRemove',
  request: z.strictObject({ actor: ActorField, token: z.unknown().optional() }),
  response: as<{ removed: number }>(),
}).delete('push.token', { request: ({ body, actor }) => ({ actor, token: body.token }), reply: () => ({}) });

/** Meteor `raix:push-setuser(id)`: the device `id` now belongs to the caller. */
export const pushSetUser = defineRpc({
  subject: 'push.setUser',
  request: z.strictObject({ actor: ActorField, id: z.string().min(1).max(64) }),
  response: as<{ found: boolean }>(),
}).method('raix:push-setuser', { request: ([id], { actor }) => ({ actor, id }), reply: ({ found }) => found });

/** `GET push.get?id=<messageId>`: the notification of a message for the caller (the app's "fetch content" mode). */
export const pushGet = defineRpc({
  subject: 'push.get',
  request: z.strictObject({ actor: ActorField, id: EntityIdField }),
  response: as<{ data: { message: IMessage; notification: PushNotificationConfig } }>(),
}).get('push.get', { request: ({ query, actor }) => ({ actor, id: query.id }) });

/** `GET push.info`: whether push is on and whether the gateway is Rocket.Chat's default one. */
export const pushInfo = defineRpc({
  subject: 'push.info',
  request: z.strictObject({ actor: ActorField }),
  response: as<{ pushGatewayEnabled: boolean; defaultPushGateway: boolean }>(),
}).get('push.info', { request: ({ actor }) => ({ actor }) });

/** `POST push.test` (permission `test-push-notifications`): a test notification to every device of the caller. */
export const pushTest = defineRpc({
  subject: 'push.test',
  request: z.strictObject({ actor: ActorField }),
  response: as<{ tokensCount: number }>(),
})
  .post('push.test', { request: ({ actor }) => ({ actor }) })
  .method('push_test', {
    request: (_args, { actor }) => ({ actor }),
    reply: ({ tokensCount }) => ({ message: 'Your_push_was_sent_to_s_devices', params: [tokensCount] }),
  });
