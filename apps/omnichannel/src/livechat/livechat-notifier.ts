import { Injectable } from '@nestjs/common';
import {
  livechatInquiryQueueEvent,
  livechatRoomEvent,
  streamKey,
  type ILivechatDepartmentAgent,
  type ILivechatInquiry,
  type ILivechatRoom,
  type IMessage,
  type ISubscription,
  type LivechatAgentInfo,
} from '@rc/contracts';
import { EventBus } from '@rc/platform';
import { RealtimePublisher } from '@rc/realtime';

/** What omnichannel tells clients: the queue observer, the widget's room stream, messages, subscriptions and rooms. */
@Injectable()
export class LivechatNotifier {
  constructor(
    private readonly events: EventBus,
    private readonly realtime: RealtimePublisher,
  ) {}

  /** `livechat-inquiry-queue-observer` `public` or `department/<id>`: `[{...inquiry, clientAction}]`. */
  inquiry(clientAction: 'inserted' | 'updated' | 'removed', inquiry: ILivechatInquiry): void {
    const eventName = inquiry.department ? `department/${inquiry.department}` : 'public';
    this.events.publish(livechatInquiryQueueEvent, streamKey(eventName), { eventName, args: [{ ...inquiry, clientAction }] });
  }

  /** `stream-livechat-room` `<rid>`: `{type: 'agentData', data}` and the like, for the widget. */
  room(
    rid: string,
    payload:
      | { type: 'agentData'; data: LivechatAgentInfo | null }
      | { type: 'queueData'; data: unknown }
      | { type: 'visitorData'; visitor: unknown },
  ): void {
    this.events.publish(livechatRoomEvent, rid, { eventName: rid, args: [payload] });
  }

  /**
   * `agentData: null`: the agent left the room (Rocket.Chat's `dispatchAgentDelegated(rid)` in `unassignAgent`).
   * Sent, and flushed to NATS, before the chat can be served again: whoever serves it next (a sweep of this
   * instance or another) announces the new agent after it, so the widget ends with the new agent, not with none.
   */
  async agentLeft(rid: string): Promise<void> {
    this.room(rid, { type: 'agentData', data: null });
    await this.events.flush();
  }

  /**
   * notify-user `<agentId>/departmentAgentData` `{action, ...entry}` when an agent joins, changes in or leaves a
   * department (the agents' client reloads its queue; removal carries what identifies the entry).
   */
  departmentAgent(action: 'inserted' | 'updated' | 'removed', entry: ILivechatDepartmentAgent): void {
    const data = action === 'removed' ? { _id: entry._id, agentId: entry.agentId, departmentId: entry.departmentId } : entry;
    this.realtime.notifyUser(entry.agentId, 'departmentAgentData', [{ action, ...data }]);
  }

  message(message: IMessage): void {
    this.realtime.messageUpserted(message);
  }

  messageDeleted(message: Pick<IMessage, '_id' | 'rid'>): void {
    this.realtime.messageDeleted(message);
  }

  subscription(action: 'inserted' | 'updated' | 'removed', subscription: ISubscription): void {
    this.realtime.subscriptionChanged(action, subscription);
  }

  roomChanged(room: ILivechatRoom): void {
    this.realtime.roomChanged('updated', room);
  }
}
