import type * as UiKit from '@rocket.chat/ui-kit';
import { z } from 'zod';

/**
 * The UI Kit interactions a client sends to `POST /api/apps/ui.interaction/:appId`, as zod schemas of
 * `@rocket.chat/ui-kit`'s `UserInteraction` types (block actions, view submissions, view closes). The package
 * ships typia validators too, but its ES build does not load under Node; so the shapes are checked here and the
 * compile-time assertions below keep each schema's output assignable to the package's type.
 */

/** The client's `Random.id()` (17 characters); any short id-like token is taken. */
export const TriggerIdField = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a trigger id');

const IdField = z.string().min(1).max(256);

/** A view's state as the client collects it: `{[blockId]: {[actionId]: value}}`. */
const ViewStateField = z.record(IdField, z.record(IdField, z.unknown()));

/** A view echoed back by the client: its identity and state are read; the rest is the view as it was sent. */
const EchoedViewField = z.looseObject({
  appId: IdField,
  id: IdField,
  blocks: z.array(z.looseObject({ type: z.string().max(64) })).max(100),
  state: ViewStateField,
});

const BlockActionPayloadField = z.strictObject({ blockId: IdField, value: z.unknown() });

/** `blockAction` from a view (banner, modal, contextual bar) or a message. */
export const BlockActionInteraction = z.strictObject({
  type: z.literal('blockAction'),
  actionId: IdField,
  payload: BlockActionPayloadField,
  container: z.strictObject({ type: z.enum(['view', 'message']), id: IdField }),
  mid: IdField.optional(),
  tmid: IdField.optional(),
  rid: IdField.optional(),
  triggerId: TriggerIdField,
});

/** `viewSubmit`: a modal (or contextual bar) submitted with its state. `viewId` is sent by Rocket.Chat 6.5+ clients. */
export const ViewSubmitInteraction = z.strictObject({
  type: z.literal('viewSubmit'),
  actionId: z.undefined().optional(),
  payload: z.strictObject({ view: EchoedViewField }),
  viewId: IdField.optional(),
  rid: IdField.optional(),
  triggerId: TriggerIdField,
});

/** `viewClosed`: a modal cancelled or a banner closed. */
export const ViewClosedInteraction = z.strictObject({
  type: z.literal('viewClosed'),
  payload: z.strictObject({ viewId: IdField, view: EchoedViewField, isCleared: z.boolean().optional() }),
  rid: IdField.optional(),
  triggerId: TriggerIdField,
});

/** What core apps handle (Rocket.Chat's `UiKitCoreAppPayload` types); `actionButton` belongs to the apps engine. */
export const CoreAppInteraction = z.discriminatedUnion('type', [BlockActionInteraction, ViewSubmitInteraction, ViewClosedInteraction]);
export type CoreAppInteraction = z.infer<typeof CoreAppInteraction>;
export type BlockActionInteraction = z.infer<typeof BlockActionInteraction>;
export type ViewSubmitInteraction = z.infer<typeof ViewSubmitInteraction>;
export type ViewClosedInteraction = z.infer<typeof ViewClosedInteraction>;

// Compile-time: every interaction these schemas accept is one of ui-kit's `UserInteraction`s, with two
// allowances: a view submission without `viewId` (older clients omit it; Rocket.Chat reads the echoed view's id),
// and an echoed view's blocks checked only as typed blocks (they are the server's own view, sent back as is).
type Assignable<T extends U, U> = T;
type EchoedView = z.infer<typeof EchoedViewField>;
type EchoedAsView<T extends { payload: { view: EchoedView } }> = Omit<T, 'payload'> & {
  payload: Omit<T['payload'], 'view'> & { view: Pick<T['payload']['view'], 'appId' | 'id' | 'state'> & { blocks: UiKit.LayoutBlock[] } };
};
export type BlockActionIsUserInteraction = Assignable<
  Omit<BlockActionInteraction, 'container'> & { container: { type: 'view'; id: string } },
  UiKit.ViewBlockActionUserInteraction
>;
export type ViewSubmitIsUserInteraction = Assignable<
  EchoedAsView<ViewSubmitInteraction> & { viewId: string },
  UiKit.ViewSubmitUserInteraction
>;
export type ViewClosedIsUserInteraction = Assignable<EchoedAsView<ViewClosedInteraction>, UiKit.ViewClosedUserInteraction>;
