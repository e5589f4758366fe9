import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AuthorizationChange, authorizationChangedEvent, notifyLoggedEvent } from '@rc/contracts';
import { UsersRepository, type RoomUser } from '@rc/models';
import { ExpiringCache, InboundEvents } from '@rc/platform';

/** What the send path needs of its sender: the message's `u`, and the guard's app-user and mute checks. */
export type Sender = Pick<RoomUser, '_id' | 'username' | 'name' | 'type'>;

/** A safety net for an announcement missed (core NATS delivers at most once) or a write from outside the services. */
const TTL_MS = 60_000;
/** Bounded: past this many senders it starts again empty. */
const MAX_SENDERS = 50_000;

/**
 * The sender of a message, held per user: every send read the sender's document (`find users`, one of the five
 * commands of a send), while the fields it needs change only on a rename. Dropped, synchronously and in order with
 * this app's requests (InboundEvents), when the user's name is announced changed (`Users:NameChanged`, published by
 * accounts or stream-hub after every username or display-name change), when the user is deleted (`Users:Deleted`)
 * or their roles or activation change (`authorization.changed`); dropped at once when core itself renames the
 * user's copies (`rooms.renameUser`, which accounts asks before it answers the rename). A user without a username
 * is never held (they cannot send until they pick one, which must then be seen at once). Statuses are not held: no
 * send reads them.
 */
@Injectable()
export class SenderCache implements OnModuleDestroy {
  private readonly cache = new ExpiringCache<Sender | null>(TTL_MS, MAX_SENDERS);
  private readonly unsubscribe: Array<() => void>;

  constructor(
    private readonly users: UsersRepository,
    events: InboundEvents,
  ) {
    // Subscribed here, not in a lifecycle hook: request handlers may start before those hooks run.
    this.unsubscribe = [
      events.subscribe(notifyLoggedEvent, 'Users:NameChanged', ({ args }) => this.forget((args[0] as { _id?: string })?._id)),
      events.subscribe(notifyLoggedEvent, 'Users:Deleted', ({ args }) => this.forget((args[0] as { userId?: string })?.userId)),
      events.subscribe(authorizationChangedEvent, AuthorizationChange.user, ({ userId }) => this.forget(userId)),
    ];
  }

  onModuleDestroy(): void {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
  }

  get(userId: string): Promise<Sender | null> {
    return this.cache.get(userId, async () => {
      const user = await this.users.findRoomUserById(userId);
      // Not held without a username: the read is dropped as soon as it is answered.
      if (!user?.username) queueMicrotask(() => this.cache.delete(userId));
      return user && { _id: user._id, username: user.username, name: user.name, type: user.type };
    });
  }

  /** The user's name or standing changed: read them again at their next send. */
  forget(userId: string | undefined): void {
    if (userId) this.cache.delete(userId);
    else this.cache.clear();
  }
}
