import type { BlockActionInteraction, ViewClosedInteraction, ViewSubmitInteraction } from '@rc/contracts';
import type * as UiKit from '@rocket.chat/ui-kit';

/** Who interacts: the caller, with the roles their banners and votes depend on. */
export interface InteractingUser {
  _id: string;
  username: string;
  roles: string[];
}

/** What a core app is told besides the payload. */
export interface InteractionContext {
  readonly appId: string;
  readonly triggerId: string;
  readonly user: InteractingUser;
  readonly now: Date;
  /** Whether `viewId` was opened for this user by an earlier answer (a modal the server opened, not a forged one). */
  wasOpened(viewId: string): Promise<boolean>;
}

export type InteractionAnswer = UiKit.ServerInteraction | undefined;

/**
 * A core app (Rocket.Chat's `IUiKitCoreApp`): answers the UI Kit interactions of the views it owns. Handlers it
 * lacks answer nothing (`{}`), as Rocket.Chat's do.
 */
export interface UiKitCoreApp {
  readonly appId: string;
  blockAction?(interaction: BlockActionInteraction, context: InteractionContext): Promise<InteractionAnswer>;
  viewSubmit?(interaction: ViewSubmitInteraction, context: InteractionContext): Promise<InteractionAnswer>;
  viewClosed?(interaction: ViewClosedInteraction, context: InteractionContext): Promise<InteractionAnswer>;
}
