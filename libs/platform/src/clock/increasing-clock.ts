/**
 * The time, strictly increasing within this process: what is stamped one after the other keeps its order when
 * sorted by the stamp, even within one millisecond (a call's "ended" and "duration" messages, chats routed together).
 * Ahead of the wall clock by at most the stamps taken in the same millisecond.
 */
export class IncreasingClock {
  private lastMs = 0;

  now(): Date {
    this.lastMs = Math.max(Date.now(), this.lastMs + 1);
    return new Date(this.lastMs);
  }
}
