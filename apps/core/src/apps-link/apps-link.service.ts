import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  appsChangedEvent,
  appsPreMessageSent,
  appsRunCommand,
  appsState,
  appsUiInteraction,
  DomainError,
  ErrorCode,
  type AppsState,
  type CoreAppInteraction,
  type IMessage,
  type IRoom,
} from '@rc/contracts';
import { EventBus, InjectConfig, RpcClient } from '@rc/platform';
import type { CoreConfig } from '../core.env.js';
import { SlashCommandRegistry } from '../slash-commands/slash-command.registry.js';
import type { InteractionAnswer, InteractionContext, UiKitCoreApp } from '../uikit/uikit-core-app.js';
import { UiKitCoreAppRegistry } from '../uikit/uikit-core-app.registry.js';

/**
 * Core's side of the apps-engine: the apps' slash commands in the registry (each runs in the engine), and the
 * pre-send hooks on the send path. Core learns what the apps provide from the engine's announcements
 * (`events.apps-changed`, with the whole state) and asks once at start; with no app listening, the send path
 * makes no request at all. The hooks' answer is awaited at most APPS_PRESEND_TIMEOUT_MS: past it (or with
 * no engine answering), the message is sent as it was. The engine is told to answer before then.
 */
@Injectable()
export class AppsLink implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AppsLink.name);
  private state: AppsState = { commands: [], preSendHooks: false };
  private unsubscribe?: () => void;

  constructor(
    @InjectConfig() private readonly config: CoreConfig,
    private readonly rpc: RpcClient,
    private readonly events: EventBus,
    private readonly registry: SlashCommandRegistry,
    private readonly uiKitApps: UiKitCoreAppRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.events.connected();
    this.unsubscribe = this.events.subscribe(appsChangedEvent, '*', ({ state }) => this.apply(state));
    // No engine running (or none yet): nothing to register; its first announcement brings the state.
    const initial = await this.rpc.request(appsState, {}, { timeoutMs: 2_000 }).catch(() => undefined);
    if (initial) this.apply(initial);
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
  }

  /**
   * The message after the apps' pre-send hooks (`IPreMessageSentPrevent`, `Extend`, `Modify`): refused with
   * `error-app-prevented-sending`, or with the fields the apps changed.
   */
  async beforeSend<M extends Omit<IMessage, '_updatedAt'>>(message: M, room: IRoom): Promise<M> {
    if (!this.state.preSendHooks) return message;
    const timeoutMs = this.config.APPS_PRESEND_TIMEOUT_MS;
    // The engine's chain ends a fifth earlier, so that its answer (the changes of the apps that ran) arrives in time.
    const budgetMs = Math.ceil(timeoutMs * 0.8);
    const answer = await this.rpc
      .request(appsPreMessageSent, { message: message as unknown as IMessage, room, budgetMs }, { timeoutMs })
      .catch((error: unknown) => {
        this.logger.warn({ err: error, rid: room._id }, 'the apps-engine did not answer the pre-send hooks in time; message sent as is');
        return undefined;
      });
    if (!answer) return message;
    if (answer.prevented) throw new DomainError(ErrorCode.AppPreventedSending, 'A Rocket.Chat App prevented the message sending.');
    return { ...message, ...answer.message };
  }

  private apply(state: AppsState): void {
    const names = new Set(state.commands.map((c) => c.command.toLowerCase()));
    for (const command of this.state.commands) {
      if (!names.has(command.command.toLowerCase())) this.registry.unregister(command.command);
    }
    for (const info of state.commands) {
      this.registry.register({
        ...info,
        run: (context) =>
          this.rpc.request(appsRunCommand, {
            actor: context.actor,
            command: info.command,
            params: context.params,
            roomId: context.room._id,
            ...(context.tmid && { tmid: context.tmid }),
            ...(context.triggerId && { triggerId: context.triggerId }),
          }),
      });
    }
    this.routeInteractions(state.appIds ?? []);
    this.state = state;
  }

  /**
   * Each enabled app is a UI Kit app of the UiKitCoreApp service (which spends the trigger ids and pushes the
   * answers); its block actions, view submissions and closes are answered by the app in the engine.
   */
  private routeInteractions(appIds: string[]): void {
    const next = new Set(appIds);
    for (const appId of this.state.appIds ?? []) if (!next.has(appId)) this.uiKitApps.unregister(appId);
    for (const appId of next) {
      if (this.uiKitApps.find(appId)) continue;
      const ask = async (interaction: CoreAppInteraction, context: InteractionContext): Promise<InteractionAnswer> => {
        const actor = { userId: context.user._id, username: context.user.username };
        const answer = await this.rpc.request(appsUiInteraction, { actor, appId, interaction });
        return 'type' in answer ? (answer as InteractionAnswer) : undefined;
      };
      const app: UiKitCoreApp = { appId, blockAction: ask, viewSubmit: ask, viewClosed: ask };
      this.uiKitApps.register(app);
    }
  }
}
