import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type CoreAppInteraction, type UiInteractionAnswer } from '@rc/contracts';
import { UiKitTriggersRepository, UsersRepository } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import type * as UiKit from '@rocket.chat/ui-kit';
import type { InteractionContext, InteractionAnswer } from './uikit-core-app.js';
import { UiKitCoreAppRegistry } from './uikit-core-app.registry.js';

/**
 * How long a trigger id stays spent and a view it opened stays submittable. The client gives up on an answer
 * after 5 s (`ActionManager.TRIGGER_TIMEOUT`); a modal may stay open while its user writes.
 */
export const TRIGGER_LIFETIME_MS = 60 * 60 * 1000;

/**
 * Rocket.Chat's UiKitCoreApp service: routes an interaction to the core app of its `appId`. Each trigger id is
 * spent once (a replayed or late interaction is refused, whichever instance gets it); the answer is returned and
 * pushed to the user as `<uid>/uiInteraction` on stream-notify-user. A handler that fails leaves nothing behind,
 * its trigger id included.
 */
@Injectable()
export class UiKitCoreAppService {
  constructor(
    private readonly registry: UiKitCoreAppRegistry,
    private readonly triggers: UiKitTriggersRepository,
    private readonly users: UsersRepository,
    private readonly realtime: RealtimePublisher,
  ) {}

  async interact(actor: Actor, appId: string, interaction: CoreAppInteraction): Promise<UiInteractionAnswer> {
    const app = this.registry.find(appId);
    if (!app) throw new DomainError(ErrorCode.InvalidApp, 'invalid service name');
    const user = await this.users.findRolesById(actor.userId);
    if (!user) throw new DomainError(ErrorCode.InvalidUser, 'invalid user');

    const now = new Date();
    const { triggerId } = interaction;
    const spent = await this.triggers.spend({
      _id: triggerId,
      userId: actor.userId,
      appId,
      type: interaction.type,
      ts: now,
      expireAt: new Date(now.getTime() + TRIGGER_LIFETIME_MS),
    });
    if (!spent) throw new DomainError(ErrorCode.TriggerIdExpired, 'The triggerId has expired or was already used', { triggerId });

    const context: InteractionContext = {
      appId,
      triggerId,
      user: { _id: actor.userId, username: actor.username, roles: user.roles ?? [] },
      now,
      wasOpened: (viewId) => this.triggers.wasOpenedFor(actor.userId, viewId, now),
    };
    let answer: InteractionAnswer;
    try {
      answer = await this.dispatch(app, interaction, context);
    } catch (error) {
      await this.triggers.release(triggerId);
      throw error;
    }
    if (!answer) return {};
    const opened = openedViewId(answer);
    if (opened) await this.triggers.setOpenedView(triggerId, opened);
    this.push(actor.userId, answer);
    return answer;
  }

  /** stream-notify-user `<uid>/uiInteraction`: how the apps engine delivers interactions; core apps' answers too. */
  push(userId: string, interaction: UiKit.ServerInteraction): void {
    this.realtime.notifyUser(userId, 'uiInteraction', [interaction]);
  }

  private dispatch(app: ReturnType<UiKitCoreAppRegistry['find']> & object, interaction: CoreAppInteraction, context: InteractionContext) {
    switch (interaction.type) {
      case 'blockAction':
        return app.blockAction?.(interaction, context);
      case 'viewSubmit':
        return app.viewSubmit?.(interaction, context);
      case 'viewClosed':
        return app.viewClosed?.(interaction, context);
    }
  }
}

function openedViewId(answer: UiKit.ServerInteraction): string | undefined {
  return answer.type === 'modal.open' || answer.type === 'modal.update' ? answer.view.id : undefined;
}
