import type { Logger } from '@nestjs/common';
import type { IMessage as AppMessage } from '@rocket.chat/apps-engine/definition/messages/IMessage.js';
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata/AppInterface.js';
import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager.js';
import { messageCreatedEvent, messageEditedEvent, roomCreatedEvent, userCreatedEvent, type IMessage, type IRoom } from '@rc/contracts';
import type { UsersRepository } from '@rc/models';
import type { EventBus } from '@rc/platform';
import { toAppRoom, toAppUser } from './converters.js';

type Listeners = ReturnType<AppManager['getListenerManager']>;

/** Post-event listeners are shared among the engine instances: each event reaches the apps once. */
const POST_EVENT_QUEUE = 'apps-engine.post-send';

/** The listeners fed from the services' events (the pre-send hooks are core's requests instead). */
const FED_INTERFACES = [
  AppInterface.IPostMessageSent,
  AppInterface.IPostRoomUserJoined,
  AppInterface.IPostMessageUpdated,
  AppInterface.IPostRoomCreate,
  AppInterface.IPostUserCreated,
] as const;

/**
 * The apps' post-event listeners, fed from the services' events (`events.message-created`, `.message-edited`,
 * `.room-created`, `.user-created`). Subscribed only while some enabled app listens to one of them: otherwise no
 * engine instance is woken by every message (it was 0.18 ms of CPU a message at 100 msg/s with no app installed).
 * `follow` is called after every change of the apps, here or announced by another instance.
 */
export class PostEvents {
  private stops: Array<() => void> = [];

  constructor(
    private readonly events: EventBus,
    private readonly listeners: () => Listeners | undefined,
    private readonly users: UsersRepository,
    private readonly appMessage: (message: IMessage, room: IRoom) => Promise<AppMessage>,
    private readonly logger: Logger,
  ) {}

  /** Subscribes when some app listens and nothing is subscribed, or the reverse. */
  follow(): void {
    const listeners = this.listeners();
    const wanted = listeners !== undefined && FED_INTERFACES.some((event) => listeners.getListeners(event).length > 0);
    if (wanted === this.stops.length > 0) return;
    if (!wanted) return this.stop();
    const queue = { queue: POST_EVENT_QUEUE };
    this.stops = [
      this.events.subscribe(messageCreatedEvent, '*', ({ message, room }) => void this.messageSent(message, room), queue),
      this.events.subscribe(
        messageEditedEvent,
        '*',
        ({ message, room }) => void this.run(AppInterface.IPostMessageUpdated, () => this.appMessage(message, room)),
        queue,
      ),
      this.events.subscribe(
        roomCreatedEvent,
        '*',
        ({ room, owner }) =>
          void this.run(AppInterface.IPostRoomCreate, async () => {
            const creator = await this.users.findById(owner._id);
            return toAppRoom(room, toAppUser(creator ?? owner));
          }),
        queue,
      ),
      this.events.subscribe(
        userCreatedEvent,
        '*',
        ({ user }) =>
          void this.run(AppInterface.IPostUserCreated, async () => ({
            user: toAppUser(
              (await this.users.findById(user._id)) ?? { _id: user._id, username: user.username ?? '', createdAt: user.createdAt },
            ),
          })),
        queue,
      ),
    ];
  }

  stop(): void {
    this.stops.forEach((stop) => stop());
    this.stops = [];
  }

  /**
   * A stored message: `IPostMessageSent` for a user's message, `IPostRoomUserJoined` from the join's system message
   * (`uj`, `ujt`: the user joined; `au`: added by the sender).
   */
  private async messageSent(message: IMessage, room: IRoom): Promise<void> {
    if (message.t === 'uj' || message.t === 'ujt' || message.t === 'au') {
      await this.run(AppInterface.IPostRoomUserJoined, async () => {
        const added = message.t === 'au';
        const joining = added ? await this.users.findByUsername(message.msg) : await this.users.findById(message.u._id);
        const inviter = added ? await this.users.findById(message.u._id) : null;
        if (!joining) return undefined;
        return {
          room: toAppRoom(room),
          joiningUser: toAppUser(joining),
          ...(inviter && { inviter: toAppUser(inviter) }),
        };
      });
      return;
    }
    if (!message.t) await this.run(AppInterface.IPostMessageSent, () => this.appMessage(message, room));
  }

  /** Runs a listener while some app has it; an app's failure is logged, never thrown. */
  private async run(event: (typeof FED_INTERFACES)[number], data: () => Promise<unknown>): Promise<void> {
    const listeners = this.listeners();
    if (!listeners || listeners.getListeners(event).length === 0) return;
    try {
      const payload = await data();
      if (payload !== undefined) await listeners.executeListener(event, payload as never);
    } catch (error) {
      this.logger.warn({ err: error, event }, `an app failed on ${event}`);
    }
  }
}
