import type * as UiKit from '@rocket.chat/ui-kit';
import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField } from '../rooms/common-fields.js';
import { CoreAppInteraction } from './user-interaction.schema.js';

/** An app id as routed (`banner-core`, `nps-core`, an apps-engine app's UUID). */
export const AppIdField = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected an app id');

/** What a core app answers an interaction with: a UI Kit server interaction, or nothing (`{}`). */
export type UiInteractionAnswer = UiKit.ServerInteraction | Record<string, never>;

/**
 * `POST /api/apps/ui.interaction/:appId` (Rocket.Chat's `apps/server/communication/uikit.ts`): a UI Kit
 * interaction routed by app id to a core app (UiKitCoreApp service). The answer is the server interaction
 * itself, without Rocket.Chat's `success` envelope (clients read `{type, ...data}`), and it is also pushed to
 * the user as `<uid>/uiInteraction` on stream-notify-user.
 */
export const uiInteraction = defineRpc({
  subject: 'uikit.interaction',
  request: z.strictObject({ actor: ActorField, appId: AppIdField, interaction: CoreAppInteraction }),
  response: as<UiInteractionAnswer>(),
}).post('ui.interaction/:appId', {
  root: 'apps',
  envelope: false,
  request: ({ params, body, actor }) => ({ actor, appId: params.appId, interaction: body }),
});
