import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineEvent } from '../core/event-contract.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField, EntityIdField } from '../rooms/common-fields.js';
import type { IMessage } from '../typings/message.js';
import type { IRoom } from '../typings/room.js';
import type { SlashCommandInfo } from '../commands/commands.contract.js';
import type { UiInteractionAnswer } from '../uikit/ui-interaction.contract.js';
import { CoreAppInteraction } from '../uikit/user-interaction.schema.js';

/** An installed app as `/api/apps` lists it (Rocket.Chat's `IAppInfo` with `status`, `languages`, …). */
export type InstalledApp = Record<string, unknown> & { id: string; name: string; version: string; status: string };
/** One of an app's settings (the apps-engine's `ISetting`: `id`, `type`, `packageValue`, `value`, …). */
export type AppSetting = Record<string, unknown> & { id: string };

const AppId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'expected an app id');

/** `GET /api/apps`: the installed apps (the gateway serves the bare `/api/apps` path by hand). */
export const appsList = defineRpc({
  subject: 'apps-engine.list',
  request: z.strictObject({ actor: ActorField }),
  response: as<{ apps: InstalledApp[] }>(),
});

/**
 * `POST /api/apps`: multipart `app` (the package `.zip`, base64 here), or JSON `{url}` (the engine downloads the
 * package, under the outgoing address rule): installs and enables the app. `appId` given: an update of that app.
 */
export const appsInstall = defineRpc({
  subject: 'apps-engine.install',
  request: z.strictObject({
    actor: ActorField,
    zip: z.string().min(1).max(30_000_000).optional(),
    url: z.string().url().max(2048).optional(),
    appId: AppId.optional(),
    permissionsGranted: z
      .array(z.strictObject({ name: z.string().max(128) }).passthrough())
      .max(100)
      .optional(),
  }),
  response: as<{ app: InstalledApp; implemented: Record<string, boolean> }>(),
  timeoutMs: 60_000,
});

/**
 * `GET /api/apps/:id`: the installed app, with `runtime` the cluster's view of it (each engine instance's
 * status and process exits). `?marketplace=true` asks the Marketplace, which an offline server cannot reach.
 */
export const appsGet = defineRpc({
  subject: 'apps-engine.get',
  request: z.strictObject({ actor: ActorField, appId: AppId, marketplace: z.string().max(16).optional() }),
  response: as<{ app: InstalledApp }>(),
}).get(':id', { root: 'apps', request: ({ params, query, actor }) => ({ actor, appId: params.id, marketplace: query.marketplace }) });

/**
 * The Marketplace's routes (`/api/apps/marketplace`, `categories`, `featured-apps`, `buildExternalUrl`,
 * `bundles/:id/apps`, and `GET /api/apps?marketplace=true` / `?categories=true` / `?buildExternalUrl=true`),
 * answered as an offline Rocket.Chat does: the Marketplace cannot be reached (500), no purchase URL without a
 * registered workspace.
 */
export const appsMarketplace = defineRpc({
  subject: 'apps-engine.marketplace',
  request: z.strictObject({
    actor: ActorField,
    resource: z.enum(['marketplace', 'categories', 'featured-apps', 'buildExternalUrl', 'bundle']),
    purchaseType: z.string().max(64).optional(),
  }),
  response: as<Record<string, unknown>>(),
})
  .get('marketplace', { root: 'apps', request: ({ actor }) => ({ actor, resource: 'marketplace' as const, purchaseType: undefined }) })
  .get('categories', { root: 'apps', request: ({ actor }) => ({ actor, resource: 'categories' as const, purchaseType: undefined }) })
  .get('featured-apps', { root: 'apps', request: ({ actor }) => ({ actor, resource: 'featured-apps' as const, purchaseType: undefined }) })
  .get('buildExternalUrl', {
    root: 'apps',
    request: ({ actor, query }) => ({ actor, resource: 'buildExternalUrl' as const, purchaseType: query.purchaseType }),
  })
  .get('bundles/:id/apps', { root: 'apps', request: ({ actor }) => ({ actor, resource: 'bundle' as const, purchaseType: undefined }) });

/** `POST /api/apps/:id/status` `{status: 'manually_enabled' | 'manually_disabled'}`. */
export const appsSetStatus = defineRpc({
  subject: 'apps-engine.setStatus',
  request: z.strictObject({ actor: ActorField, appId: AppId, status: z.enum(['manually_enabled', 'manually_disabled']) }),
  response: as<{ status: string }>(),
  timeoutMs: 60_000,
}).post(':id/status', { root: 'apps', request: ({ params, body, actor }) => ({ actor, appId: params.id, status: body.status }) });

/** `DELETE /api/apps/:id`: stops the app and removes it, its package, settings, persistence and logs. */
export const appsUninstall = defineRpc({
  subject: 'apps-engine.uninstall',
  request: z.strictObject({ actor: ActorField, appId: AppId }),
  response: as<{ app: InstalledApp }>(),
  timeoutMs: 60_000,
}).delete(':id', { root: 'apps', request: ({ params, actor }) => ({ actor, appId: params.id }) });

export const appsGetSettings = defineRpc({
  subject: 'apps-engine.settings',
  request: z.strictObject({ actor: ActorField, appId: AppId }),
  response: as<{ settings: Record<string, AppSetting> }>(),
}).get(':id/settings', { root: 'apps', request: ({ params, actor }) => ({ actor, appId: params.id }) });

/** `POST /api/apps/:id/settings` `{settings: [{id, value}, …]}`: each known setting's value; the app is told. */
export const appsSetSettings = defineRpc({
  subject: 'apps-engine.setSettings',
  request: z.strictObject({
    actor: ActorField,
    appId: AppId,
    settings: z
      .array(z.object({ id: z.string().min(1).max(256), value: z.unknown() }).passthrough())
      .min(1)
      .max(200),
  }),
  response: as<{ updated: AppSetting[] }>(),
}).post(':id/settings', { root: 'apps', request: ({ params, body, actor }) => ({ actor, appId: params.id, settings: body.settings }) });

export const appsLogs = defineRpc({
  subject: 'apps-engine.logs',
  request: z.strictObject({
    actor: ActorField,
    appId: AppId,
    offset: z.coerce.number().int().min(0).default(0),
    count: z.coerce.number().int().min(0).max(1_000_000).optional(),
  }),
  response: as<{ logs: Array<Record<string, unknown>>; offset: number; count: number; total: number }>(),
}).get(':id/logs', {
  root: 'apps',
  request: ({ params, query, actor }) => ({ actor, appId: params.id, offset: query.offset, count: query.count }),
});

/** `GET /api/apps/actionButtons`: the UI action buttons of the enabled apps (a bare array, as Rocket.Chat). */
export const appsActionButtons = defineRpc({
  subject: 'apps-engine.actionButtons',
  request: z.strictObject({ actor: ActorField }),
  response: as<Array<Record<string, unknown>>>(),
}).get('actionButtons', { root: 'apps', envelope: false, request: ({ actor }) => ({ actor }) });

/** `GET /api/apps/languages`: each app's translations. */
export const appsLanguages = defineRpc({
  subject: 'apps-engine.languages',
  request: z.strictObject({ actor: ActorField }),
  response: as<{ apps: Array<{ id: string; languages: Record<string, unknown> }> }>(),
}).get('languages', { root: 'apps', request: ({ actor }) => ({ actor }) });

/** An app's HTTP endpoint call (`/api/apps/public/:appId/<path>`), as the gateway received it. */
export const appsApiCall = defineRpc({
  subject: 'apps-engine.api',
  request: z.strictObject({
    appId: AppId,
    hash: z.string().max(128).optional(),
    method: z.enum(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH']),
    path: z.string().max(2048),
    headers: z.record(z.string(), z.string()),
    query: z.record(z.string(), z.unknown()),
    params: z.record(z.string(), z.string()).default({}),
    content: z.unknown().optional(),
    userId: EntityIdField.optional(),
  }),
  response: as<{ status: number; headers?: Record<string, string>; content?: unknown }>(),
  timeoutMs: 30_000,
});

/** Core asks what the installed, enabled apps provide: their slash commands and whether any pre-send hook runs. */
export const appsState = defineRpc({
  subject: 'apps-engine.state',
  request: z.strictObject({}),
  response: as<AppsState>(),
});

/** Core runs an app's slash command (the caller may use it in the room; core checked). */
export const appsRunCommand = defineRpc({
  subject: 'apps-engine.command',
  request: z.strictObject({
    actor: ActorField,
    command: z.string().min(1).max(256),
    params: z.string().max(100_000),
    roomId: EntityIdField,
    tmid: EntityIdField.optional(),
    triggerId: z.string().max(256).optional(),
  }),
  response: as<Record<string, never>>(),
  timeoutMs: 30_000,
});

/**
 * The send path's pre-send hooks (`IPreMessageSentPrevent`, then `Extend`, then `Modify`), under a time limit:
 * `prevented`, or the message as the apps left it (only `msg`, `attachments`, `customFields`, `alias`, `emoji`,
 * `avatar` are taken back). `budgetMs`: how long the whole chain may take, so that the engine answers with the
 * changes made so far before the caller stops waiting.
 */
export const appsPreMessageSent = defineRpc({
  subject: 'apps-engine.preMessageSent',
  request: z.strictObject({
    message: z.custom<IMessage>((v) => typeof v === 'object' && v !== null),
    room: z.custom<IRoom>((v) => typeof v === 'object' && v !== null),
    budgetMs: z.number().int().positive().optional(),
  }),
  response: as<{ prevented: boolean; message?: Partial<IMessage> }>(),
});

/**
 * A UI Kit interaction with an app (`POST /api/apps/ui.interaction/:appId`, block actions, view submissions and
 * closes): core spent its trigger id and routes it here; the answer is the app's (`modal.open`, `errors`, …).
 */
export const appsUiInteraction = defineRpc({
  subject: 'apps-engine.uiInteraction',
  request: z.strictObject({ actor: ActorField, appId: AppId, interaction: CoreAppInteraction }),
  response: as<UiInteractionAnswer>(),
  timeoutMs: 15_000,
});

/** What the installed, enabled apps provide to core. */
export interface AppsState {
  commands: Array<SlashCommandInfo & { appId: string }>;
  preSendHooks: boolean;
  /** The enabled apps: core routes their UI Kit interactions to the engine. */
  appIds?: string[];
}

/**
 * An app installed, removed, enabled, disabled or its settings changed on one engine instance (`origin`): the
 * other instances load it again from storage, core takes the new `state` (commands and hooks).
 */
export const appsChangedEvent = defineEvent({
  name: 'events.apps-changed',
  payload: as<{
    appId: string;
    action: 'added' | 'removed' | 'updated' | 'statusChanged' | 'settingUpdated';
    origin: string;
    state: AppsState;
  }>(),
});
