import type { ConnectionChange } from '@rc/contracts';

/** One `presence.connectionsChanged` request's worth of changes. */
export interface ConnectionChangesBatch {
  added: ConnectionChange[];
  removed: ConnectionChange[];
}

type Word = 'added' | 'removed';

/**
 * What presence must still be told about this instance's logged-in connections. Only the latest state of a
 * connection is reported: a connection that logs in and closes between two batches is never reported at
 * all, and one that changes user twice is reported once. A batch that may not have arrived is said again.
 */
export class ConnectionChanges {
  /** The user logged in on each open connection. */
  private readonly loggedIn = new Map<string, string>();
  /** The user presence was last told about, per connection (as sent: whether it arrived is another matter). */
  private readonly told = new Map<string, string>();
  /**
   * Connections whose state may differ from what presence holds, each with the users a failed batch named
   * for it: presence may or may not have applied those words, so they are said again.
   */
  private readonly dirty = new Map<string, Set<string>>();

  login(connectionId: string, userId: string): void {
    this.loggedIn.set(connectionId, userId);
    this.markDirty(connectionId);
  }

  /** A logout or a close. */
  logout(connectionId: string): void {
    // Connections that never logged in (or whose end was reported already) are nothing to presence.
    if (!this.loggedIn.delete(connectionId) && !this.told.has(connectionId) && !this.dirty.has(connectionId)) return;
    this.markDirty(connectionId);
  }

  /** Connections with something to report. */
  get pending(): number {
    return this.dirty.size;
  }

  /** Presence lost track of this instance (its connections were removed): every logged-in one is reported again. */
  reportAllAgain(): void {
    this.told.clear();
    for (const connectionId of this.loggedIn.keys()) this.markDirty(connectionId);
  }

  /**
   * The next batch, at most `max` changes (the rest waits for the next one); what it says is taken as told.
   * Empty when nothing differs from what presence was told.
   */
  take(max: number): ConnectionChangesBatch {
    const batch: ConnectionChangesBatch = { added: [], removed: [] };
    for (const [connectionId, unsure] of this.dirty) {
      const words = this.wordsFor(connectionId, unsure);
      const size = batch.added.length + batch.removed.length;
      if (size > 0 && size + words.size > max) break;
      this.dirty.delete(connectionId);
      for (const [userId, word] of words) batch[word].push({ userId, connectionId });
      const user = this.loggedIn.get(connectionId);
      if (user === undefined) this.told.delete(connectionId);
      else this.told.set(connectionId, user);
    }
    return batch;
  }

  /** A batch presence may not have applied (no answer, or an error): each of its words is said again. */
  failed(batch: ConnectionChangesBatch): void {
    for (const { userId, connectionId } of [...batch.added, ...batch.removed]) this.markDirty(connectionId).add(userId);
  }

  private markDirty(connectionId: string): Set<string> {
    let unsure = this.dirty.get(connectionId);
    if (!unsure) this.dirty.set(connectionId, (unsure = new Set()));
    return unsure;
  }

  /** What to say about a connection: the users it holds no more go, the one logged in now comes. */
  private wordsFor(connectionId: string, unsure: ReadonlySet<string>): Map<string, Word> {
    const now = this.loggedIn.get(connectionId);
    const before = this.told.get(connectionId);
    const words = new Map<string, Word>();
    for (const userId of unsure) words.set(userId, userId === now ? 'added' : 'removed');
    if (before !== now) {
      if (before !== undefined) words.set(before, 'removed');
      if (now !== undefined) words.set(now, 'added');
    }
    return words;
  }
}
