import { Injectable, Logger } from '@nestjs/common';
import { notifyUserEvent, subscriptionsGet, type Actor, type ChangeAction, type ISubscription, type RoomType } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { eventNamed, StreamFanout } from './stream-fanout.js';

/** A room a user belongs to, as far as the streams need to know it. */
export interface RoomRef {
  rid: string;
  t: RoomType;
  /** The room's name (channels and groups); direct messages have none. */
  name?: string;
}

export interface MembershipListener {
  joined?(room: RoomRef): void;
  left?(rid: string): void;
}

const refOf = (subscription: Pick<ISubscription, 'rid' | 't' | 'name'>): RoomRef => ({
  rid: subscription.rid,
  t: subscription.t,
  ...(subscription.t !== 'd' && { name: subscription.name }),
});

/**
 * One user's rooms on this gateway, kept current from their own `subscriptions-changed` events. Shared by
 * all their sockets here; loaded from the subscriptions service only when a stream needs the list.
 */
class UserMembership {
  readonly listeners = new Set<MembershipListener>();
  private rooms?: Map<string, RoomRef>;
  private loading?: Promise<Map<string, RoomRef>>;
  /** Changes that arrived while the list was loading, replayed on it once it is there. */
  private buffered: Array<[ChangeAction, Pick<ISubscription, 'rid' | 't' | 'name'>]> = [];
  stopWatching: () => void = () => undefined;

  constructor(
    private readonly load: () => Promise<ISubscription[]>,
    private readonly logger: Logger,
  ) {}

  roomList(): Promise<Map<string, RoomRef>> {
    if (this.rooms) return Promise.resolve(this.rooms);
    this.loading ??= this.load().then(
      (subscriptions) => {
        const rooms = new Map(subscriptions.map((s) => [s.rid, refOf(s)] as const));
        for (const [action, subscription] of this.buffered.splice(0)) apply(rooms, action, subscription);
        this.rooms = rooms;
        return rooms;
      },
      (error: unknown) => {
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  }

  changed(action: ChangeAction, subscription: Pick<ISubscription, 'rid' | 't' | 'name'>): void {
    if (this.loading && !this.rooms) this.buffered.push([action, subscription]);
    if (this.rooms) apply(this.rooms, action, subscription);
    for (const listener of [...this.listeners]) {
      try {
        if (action === 'inserted') listener.joined?.(refOf(subscription));
        else if (action === 'removed') listener.left?.(subscription.rid);
      } catch (error) {
        this.logger.error(`membership listener failed: ${String(error)}`);
      }
    }
  }
}

function apply(rooms: Map<string, RoomRef>, action: ChangeAction, subscription: Pick<ISubscription, 'rid' | 't' | 'name'>) {
  if (action === 'removed') rooms.delete(subscription.rid);
  else rooms.set(subscription.rid, refOf(subscription));
}

/**
 * Which rooms the users connected here belong to, and when they join or leave one: the streams that follow
 * a user's rooms (`rooms-changed`, `__my_messages__`) and those that must end when the user leaves a room
 * (`stream-room-messages`, `stream-notify-room`) listen here.
 */
@Injectable()
export class MembershipTracker {
  private readonly logger = new Logger(MembershipTracker.name);
  /** Each followed user's membership, and the promise of its event subscription being in place. */
  private readonly users = new Map<string, { membership: UserMembership; watching: Promise<void> }>();

  constructor(
    private readonly fanout: StreamFanout,
    private readonly rpc: RpcClient,
  ) {}

  /** Calls `listener` when `actor` joins or leaves a room; returns the function that stops it. */
  async follow(actor: Actor, listener: MembershipListener): Promise<() => void> {
    const entry = this.entry(actor);
    entry.membership.listeners.add(listener);
    await entry.watching;
    return () => {
      entry.membership.listeners.delete(listener);
      if (entry.membership.listeners.size === 0 && this.users.get(actor.userId) === entry) {
        this.users.delete(actor.userId);
        void entry.watching.then(() => entry.membership.stopWatching());
      }
    };
  }

  /** The rooms of a user who is followed (call `follow` first). */
  async rooms(actor: Actor): Promise<ReadonlyMap<string, RoomRef>> {
    const entry = this.entry(actor);
    await entry.watching;
    return entry.membership.roomList();
  }

  private entry(actor: Actor) {
    const existing = this.users.get(actor.userId);
    if (existing) return existing;
    const membership = new UserMembership(async () => {
      const result = await this.rpc.request(subscriptionsGet, { actor });
      return Array.isArray(result) ? result : result.update;
    }, this.logger);
    const suffix = `${actor.userId}/subscriptions-changed`;
    const watching = this.fanout
      .watch(notifyUserEvent, actor.userId, (delivery) => {
        const event = eventNamed(delivery, suffix);
        if (!event) return;
        const [action, subscription] = event.args as [ChangeAction, ISubscription | undefined];
        if (subscription?.rid) membership.changed(action, subscription);
      })
      .then(
        (stop) => {
          membership.stopWatching = stop;
        },
        (error: unknown) => {
          // A failed subscription is not kept: the next reader tries again.
          if (this.users.get(actor.userId) === entry) this.users.delete(actor.userId);
          throw error;
        },
      );
    const entry = { membership, watching };
    this.users.set(actor.userId, entry);
    return entry;
  }
}
