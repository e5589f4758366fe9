import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { fields, pagination } from '../core/wire-params.js';
import type { Params } from '../core/binding.js';
import { ActorField, EntityIdField, PaginationFields } from '../rooms/common-fields.js';
import type { IIntegration, IIntegrationHistory } from '../typings/integration.js';

/**
 * Integrations (`rocketchat_integrations`): incoming webhooks (`POST /hooks/:integrationId/:token` posts as the
 * integration's user) and outgoing webhooks (events POSTed to URLs). Rocket.Chat's REST routes and the DDP
 * methods its older admin UI calls; permissions `manage-(own-)incoming-integrations` and
 * `manage-(own-)outgoing-integrations`, checked where the request is served.
 */

const text = (max: number) => z.string().max(max);

/** What Rocket.Chat's `check(integration, Match.ObjectIncluding(...))` requires; unknown keys are dropped. */
const CommonFields = {
  name: text(256),
  enabled: z.boolean(),
  username: text(256),
  alias: text(256).optional(),
  avatar: text(2048).optional(),
  emoji: text(256).optional(),
  scriptEnabled: z.boolean(),
  script: text(200_000).optional(),
  scriptEngine: z.literal('isolated-vm').optional(),
};

export const IncomingIntegrationFields = z.object({
  type: z.literal('webhook-incoming'),
  ...CommonFields,
  channel: text(2048),
  overrideDestinationChannelEnabled: z.boolean().optional(),
});

export const OutgoingIntegrationFields = z.object({
  type: z.literal('webhook-outgoing'),
  ...CommonFields,
  /** Checked by the service against Rocket.Chat's events (`error-invalid-event-type`). */
  event: text(64),
  channel: text(2048).optional(),
  /** Checked by the service (`error-invalid-urls`). */
  urls: z.array(text(2048)).max(20).optional(),
  triggerWords: z.array(text(256)).max(100).optional(),
  triggerWordAnywhere: z.boolean().optional(),
  token: text(256).optional(),
  impersonateUser: z.boolean().optional(),
  targetRoom: text(256).optional(),
  runOnEdits: z.boolean().optional(),
  retryFailedCalls: z.boolean().optional(),
  retryCount: z.union([z.number().int(), text(16)]).optional(),
  retryDelay: text(64).optional(),
});

export const IntegrationFields = z.discriminatedUnion('type', [IncomingIntegrationFields, OutgoingIntegrationFields]);
export type IntegrationInput = z.infer<typeof IntegrationFields>;

const IntegrationTypeField = z.enum(['webhook-incoming', 'webhook-outgoing']);

/** A DDP method's integration argument, typed by the method (`addIncomingIntegration` → incoming). */
const typed = (value: unknown, type: z.infer<typeof IntegrationTypeField>): Params => ({ ...fields(value), type });

/** `POST integrations.create` (`{integration}`); DDP `addIncomingIntegration` / `addOutgoingIntegration` (the integration). */
export const integrationsCreate = defineRpc({
  subject: 'integrations.create',
  request: z.strictObject({ actor: ActorField, integration: IntegrationFields }),
  response: as<{ integration: IIntegration }>(),
})
  .post('integrations.create', { request: ({ body, actor }) => ({ actor, integration: body }) })
  .method('addIncomingIntegration', {
    request: ([integration], { actor }) => ({ actor, integration: typed(integration, 'webhook-incoming') }),
    reply: ({ integration }) => integration,
  })
  .method('addOutgoingIntegration', {
    request: ([integration], { actor }) => ({ actor, integration: typed(integration, 'webhook-outgoing') }),
    reply: ({ integration }) => integration,
  });

/**
 * `PUT integrations.update` (`type`, `integrationId` — or `target_url` for an outgoing one — and the fields);
 * DDP `updateIncomingIntegration(id, integration)` / `updateOutgoingIntegration(id, integration)`.
 */
export const integrationsUpdate = defineRpc({
  subject: 'integrations.update',
  request: z.strictObject({
    actor: ActorField,
    integrationId: EntityIdField.optional(),
    targetUrl: text(2048).optional(),
    integration: IntegrationFields,
  }),
  response: as<{ integration: IIntegration }>(),
})
  .put('integrations.update', {
    request: ({ body, actor }) => ({ actor, integrationId: body.integrationId, targetUrl: body.target_url, integration: body }),
  })
  .method('updateIncomingIntegration', {
    request: ([integrationId, integration], { actor }) => ({
      actor,
      integrationId,
      targetUrl: undefined,
      integration: typed(integration, 'webhook-incoming'),
    }),
    reply: ({ integration }) => integration,
  })
  .method('updateOutgoingIntegration', {
    request: ([integrationId, integration], { actor }) => ({
      actor,
      integrationId,
      targetUrl: undefined,
      integration: typed(integration, 'webhook-outgoing'),
    }),
    reply: ({ integration }) => integration,
  });

/** `POST integrations.remove` (`type`, `integrationId` or an outgoing one's `target_url`); DDP `delete…Integration(id)` → true. */
export const integrationsRemove = defineRpc({
  subject: 'integrations.remove',
  request: z.strictObject({
    actor: ActorField,
    type: IntegrationTypeField,
    integrationId: EntityIdField.optional(),
    targetUrl: text(2048).optional(),
  }),
  response: as<{ integration: IIntegration }>(),
})
  .post('integrations.remove', {
    request: ({ body, actor }) => ({ actor, type: body.type, integrationId: body.integrationId, targetUrl: body.target_url }),
  })
  .method('deleteIncomingIntegration', {
    request: ([integrationId], { actor }) => ({ actor, type: 'webhook-incoming', integrationId, targetUrl: undefined }),
    reply: () => true,
  })
  .method('deleteOutgoingIntegration', {
    request: ([integrationId], { actor }) => ({ actor, type: 'webhook-outgoing', integrationId, targetUrl: undefined }),
    reply: () => true,
  });

/** `GET integrations.list`: the integrations the caller may manage (all, or their own), newest first. */
export const integrationsList = defineRpc({
  subject: 'integrations.list',
  request: z.strictObject({
    actor: ActorField,
    ...PaginationFields,
    name: text(256).optional(),
    type: IntegrationTypeField.optional(),
  }),
  response: as<{ integrations: IIntegration[]; offset: number; items: number; count: number; total: number }>(),
}).get('integrations.list', {
  request: ({ query, actor }) => ({ actor, ...pagination(query), name: query.name, type: query.type }),
});

/** `GET integrations.get?integrationId=…` (`createdBy`: only if it is theirs). */
export const integrationsGet = defineRpc({
  subject: 'integrations.get',
  request: z.strictObject({ actor: ActorField, integrationId: EntityIdField, createdBy: EntityIdField.optional() }),
  response: as<{ integration: IIntegration }>(),
}).get('integrations.get', {
  request: ({ query, actor }) => ({ actor, integrationId: query.integrationId, createdBy: query.createdBy }),
});

/** `GET integrations.history?id=…`: an outgoing integration's calls, newest first. */
export const integrationsHistory = defineRpc({
  subject: 'integrations.history',
  request: z.strictObject({ actor: ActorField, id: text(64), ...PaginationFields }),
  response: as<{ history: IIntegrationHistory[]; offset: number; items: number; count: number; total: number }>(),
}).get('integrations.history', {
  request: ({ query, actor }) => ({ actor, id: query.id ?? '', ...pagination(query) }),
});

/** DDP `clearIntegrationHistory(integrationId)` → true. */
export const integrationsClearHistory = defineRpc({
  subject: 'integrations.clearHistory',
  request: z.strictObject({ actor: ActorField, integrationId: EntityIdField }),
  response: as<{ ok: true }>(),
}).method('clearIntegrationHistory', { request: ([integrationId], { actor }) => ({ actor, integrationId }), reply: () => true });

/** DDP `replayOutgoingIntegration({integrationId, historyId})` → true: the recorded call is made again. */
export const integrationsReplay = defineRpc({
  subject: 'integrations.replay',
  request: z.strictObject({ actor: ActorField, integrationId: EntityIdField, historyId: EntityIdField }),
  response: as<{ ok: true }>(),
}).method('replayOutgoingIntegration', {
  request: ([args], { actor }) => ({ actor, integrationId: fields(args).integrationId, historyId: fields(args).historyId }),
  reply: () => true,
});

/**
 * An incoming webhook call as the gateway received it on `/hooks/:integrationId/(:userId/):token`: core finds
 * the integration by id and token, runs its script and posts. The answer is Rocket.Chat's: a status and body.
 */
export const integrationsIncoming = defineRpc({
  subject: 'integrations.incoming',
  request: z.strictObject({
    integrationId: text(256),
    token: text(1024),
    /** Parsed body: JSON, or a form's `payload` JSON (Rocket.Chat's Slack-compatible form). */
    body: z.record(z.string(), z.unknown()),
    rawContent: text(10_000_000),
    query: z.record(z.string(), z.unknown()),
    headers: z.record(z.string(), z.string()),
    url: text(8192),
  }),
  response: as<{ status: number; body: Record<string, unknown> }>(),
  timeoutMs: 30_000,
});
