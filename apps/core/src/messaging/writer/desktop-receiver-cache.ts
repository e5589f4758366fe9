import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AuthorizationChange, authorizationChangedEvent, userChangedEvent } from '@rc/contracts';
import { UsersRepository, type DesktopReceiverFields } from '@rc/models';
import { InboundEvents } from '@rc/platform';

/** A safety net for an announcement missed (core NATS delivers at most once) or a write from outside the services. */
const TTL_MS = 60_000;
/** Bounded: past this many users it starts again empty. */
const MAX_USERS = 50_000;

const connected = (user: DesktopReceiverFields) => (user.statusConnection ?? 'offline') !== 'offline';

/**
 * What the desktop rules read of a room's members (status, connection, desktop preference, highlight words), held
 * per user: every message of a room up to `Notifications_Max_Room_Members` read its connected members (`find users`,
 * the database's most expensive command of a send), while those fields change only when the user's presence or
 * preferences do. Dropped, synchronously and in order with this app's requests (InboundEvents), when presence writes
 * the user's status (`users.changed.presence`, every write: an invisible user's connection changes no `user-status`),
 * when accounts writes their preferences (`users.changed.preferences`, announced before it answers) and when the user
 * is deactivated or deleted (`authorization.changed` `user`). Members not connected are held too (their coming
 * online is announced). A read that was in flight when the user was announced changed is used, not held.
 */
@Injectable()
export class DesktopReceiverCache implements OnModuleDestroy {
  private readonly held = new Map<string, { user: DesktopReceiverFields | null; at: number }>();
  /** Per read in flight: the users announced changed meanwhile (their answer is not held). */
  private readonly reading = new Set<Set<string>>();
  private readonly unsubscribe: Array<() => void>;

  constructor(
    private readonly users: UsersRepository,
    events: InboundEvents,
  ) {
    // Subscribed here, not in a lifecycle hook: request handlers may start before those hooks run.
    this.unsubscribe = [
      events.subscribe(userChangedEvent, '*', ({ userId }) => this.forget(userId)),
      events.subscribe(authorizationChangedEvent, AuthorizationChange.user, ({ userId }) => userId && this.forget(userId)),
    ];
  }

  onModuleDestroy(): void {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
  }

  /** Among `userIds`, the connected users (a desktop notification reaches open clients only), with what the rules read. */
  async connectedAmong(userIds: readonly string[]): Promise<DesktopReceiverFields[]> {
    const now = Date.now();
    const receivers: DesktopReceiverFields[] = [];
    const unknown: string[] = [];
    for (const id of userIds) {
      const entry = this.held.get(id);
      if (entry && now - entry.at < TTL_MS) {
        if (entry.user && connected(entry.user)) receivers.push(entry.user);
      } else {
        unknown.push(id);
      }
    }
    if (unknown.length === 0) return receivers;
    const changedMeanwhile = new Set<string>();
    this.reading.add(changedMeanwhile);
    let read: DesktopReceiverFields[];
    try {
      read = await this.users.findDesktopReceiversByIds(unknown);
    } finally {
      this.reading.delete(changedMeanwhile);
    }
    const byId = new Map(read.map((user) => [user._id, user]));
    if (this.held.size + unknown.length > MAX_USERS) this.held.clear();
    for (const id of unknown) {
      const user = byId.get(id) ?? null;
      if (!changedMeanwhile.has(id)) this.held.set(id, { user, at: now });
      if (user && connected(user)) receivers.push(user);
    }
    return receivers;
  }

  /** The user's presence, preferences or standing changed: read them again at the next message. */
  forget(userId: string): void {
    this.held.delete(userId);
    for (const changedMeanwhile of this.reading) changedMeanwhile.add(userId);
  }
}
