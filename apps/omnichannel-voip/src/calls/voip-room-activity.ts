import { Injectable } from '@nestjs/common';
import type { IMessage, IRoom, IVoipRoom, VoipMessageData, VoipMessageType } from '@rc/contracts';
import { MessagesRepository, RoomsRepository, SubscriptionsRepository, randomId } from '@rc/models';
import { IncreasingClock } from '@rc/platform';
import { RealtimePublisher } from '@rc/realtime';

const asRoom = (room: IVoipRoom) => room as unknown as IRoom;

/**
 * What a call leaves in its `v` room for people to read: Rocket.Chat's VoIP system messages (`voip-call-started`,
 * `-on-hold`, `-unhold`, `-ended`, `-duration`, `-declined`, `-wrapup`, `-ended-unexpectedly`, with `voipData`), and
 * the subscription of the agent who took the call, from the answer to the wrap-up. Each write is announced on the
 * usual streams (room messages, the agent's subscriptions-changed, rooms-changed).
 */
@Injectable()
export class VoipRoomActivity {
  /** A call's messages written one after the other (ended, then its duration) keep their order within a millisecond. */
  private readonly clock = new IncreasingClock();

  constructor(
    private readonly messages: MessagesRepository,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly realtime: RealtimePublisher,
  ) {}

  /** A system message of the call, by `u` (the agent: Rocket.Chat writes them as the agent's). */
  async message(
    room: IVoipRoom,
    t: VoipMessageType,
    u: { _id: string; username: string },
    options: { msg?: string; voipData?: VoipMessageData; transferData?: Record<string, unknown> } = {},
  ): Promise<IMessage> {
    const message = {
      _id: randomId(),
      rid: room._id,
      t,
      msg: options.msg ?? '',
      ts: this.clock.now(),
      u: { _id: u._id, username: u.username },
      groupable: false,
      ...(options.voipData && { voipData: options.voipData }),
      ...(options.transferData && { transferData: options.transferData }),
    };
    const stored = await this.messages.insert(message);
    const updated = await this.rooms.recordMessage(stored, true);
    this.realtime.messageUpserted(stored);
    if (updated) this.realtime.roomChanged('updated', updated);
    return stored;
  }

  /** The agent took the call: the room is in their list (and their sidebar) from now on. */
  async subscribe(room: IVoipRoom, agent: { _id: string; username: string }, now: Date): Promise<void> {
    const { subscription, created } = await this.subscriptions.ensureVoipSubscription(room, agent, now);
    if (created) {
      await this.rooms.incUsersCount(room._id, 1);
      this.realtime.subscriptionChanged('inserted', subscription);
    }
  }

  /** The agent handed the call to another: the room leaves their list. */
  async unsubscribe(room: IVoipRoom, userId: string): Promise<void> {
    const subscription = (await this.subscriptions.findByRoom(room._id)).find((s) => s.u._id === userId);
    if (!subscription) return;
    await this.subscriptions.deleteOne(room._id, userId);
    await this.rooms.incUsersCount(room._id, -1);
    this.realtime.subscriptionChanged('removed', subscription);
  }

  /** Wrapped up (or closed without an answer): nobody is subscribed any more. */
  async unsubscribeAll(room: IVoipRoom): Promise<void> {
    for (const subscription of await this.subscriptions.findByRoom(room._id)) {
      await this.subscriptions.deleteOne(room._id, subscription.u._id);
      await this.rooms.incUsersCount(room._id, -1);
      this.realtime.subscriptionChanged('removed', subscription);
    }
    const current = await this.rooms.findVoipRoomById(room._id);
    if (current) this.realtime.roomChanged('updated', asRoom(current));
  }
}
