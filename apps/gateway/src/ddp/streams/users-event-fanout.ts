import { Injectable } from '@nestjs/common';
import { notifyUsersEvent, readUsersEvent, streamKey, STREAMS, type UsersEvent } from '@rc/contracts';
import { streamFrame, type EncodedFrame } from '../protocol/ddp-frames.js';
import { StreamFanout, type Delivery } from './stream-fanout.js';

export type UserFrameListener = (frame: EncodedFrame) => void;

/** The listeners of one event name on this gateway, by user. */
type Listeners = Map<string, Set<UserFrameListener>>;

/**
 * `stream-notify-user` `<uid>/<event>` published once for several users (`notifyUsersEvent`: a message's desktop
 * notification to the room's connected members). While a local socket listens to `<uid>/<event>`, this gateway
 * subscribes once to that event's subject; each event is delivered to the local listeners of the users it lists, in
 * the frame the per-user subject would give (the args as they came, not decoded). The users this gateway does not
 * hold cost a map lookup each; an event listing none of them is dropped after reading its ids.
 */
@Injectable()
export class UsersEventFanout {
  private readonly byEvent = new Map<string, { listeners: Listeners; stop: Promise<() => void> }>();

  constructor(private readonly fanout: StreamFanout) {}

  /**
   * Delivers `<userId>/<event>` frames to `listener`; resolves, once NATS has the subscription, with the function that
   * stops it. The caller has checked that the listener's socket is `userId`'s.
   */
  async watch(userId: string, event: string, listener: UserFrameListener): Promise<() => void> {
    let entry = this.byEvent.get(event);
    if (!entry) {
      const listeners: Listeners = new Map();
      const stop = this.fanout.watch(notifyUsersEvent, streamKey(event), (delivery) => deliver(listeners, event, delivery));
      entry = { listeners, stop };
      this.byEvent.set(event, entry);
    }
    const { listeners, stop } = entry;
    const own = listeners.get(userId) ?? new Set();
    listeners.set(userId, own.add(listener));
    let watching = true;
    const unwatch = () => {
      if (!watching) return;
      watching = false;
      own.delete(listener);
      if (own.size === 0 && listeners.get(userId) === own) listeners.delete(userId);
      if (listeners.size === 0 && this.byEvent.get(event)?.listeners === listeners) {
        this.byEvent.delete(event);
        stop.then((unsubscribe) => unsubscribe()).catch(() => undefined);
      }
    };
    try {
      await stop;
    } catch (error) {
      // NATS did not confirm the subscription: the socket's `sub` fails, and the next listener subscribes again.
      unwatch();
      if (this.byEvent.get(event)?.stop === stop) this.byEvent.delete(event);
      throw error;
    }
    return unwatch;
  }

  /** Event names this gateway subscribes to (observability and tests). */
  get eventCount(): number {
    return this.byEvent.size;
  }
}

function deliver(listeners: Listeners, event: string, delivery: Delivery<UsersEvent>): void {
  const users = readUsersEvent(delivery.text);
  if (users?.event !== event) return;
  for (const userId of users.userIds) {
    const own = listeners.get(userId);
    if (!own) continue;
    // The per-user path's frame: `<uid>/<event>` and the args' EJSON (here as the publisher encoded them, once).
    const frame = streamFrame(STREAMS.notifyUser, `${userId}/${event}`, users.argsJson);
    for (const listener of [...own]) listener(frame);
  }
}
