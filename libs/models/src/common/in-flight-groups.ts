/** What became of one item of a group. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Database work grouped by arrival: the items submitted in one synchronous run (a caller's loop) leave together;
 * those that arrive while a group is in flight wait for it and then go together, as one command. A busy
 * process sends one command — one socket write, one wake-up of the database, one commit — for many items that each
 * cost a round trip; an idle one sends each item as it comes, no later. `send` answers an outcome per item, in order;
 * when it throws, every item of the group gets its error.
 */
export class InFlightGroups<T, R> {
  private waiting: Array<{ item: T; resolve: (value: R) => void; reject: (error: unknown) => void }> = [];
  private sending = false;

  constructor(private readonly send: (items: T[]) => Promise<Array<Outcome<R>>>) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.sending) return;
      this.sending = true;
      // After the caller's synchronous run: the items it submits in a loop are one group.
      queueMicrotask(() => void this.sendWaiting());
    });
  }

  private async sendWaiting(): Promise<void> {
    while (this.waiting.length > 0) {
      const group = this.waiting.splice(0);
      try {
        const outcomes = await this.send(group.map((w) => w.item));
        group.forEach((w, index) => {
          const outcome = outcomes[index];
          if (outcome.ok) w.resolve(outcome.value);
          else w.reject(outcome.error);
        });
      } catch (error) {
        for (const w of group) w.reject(error);
      }
    }
    this.sending = false;
  }
}

/**
 * A group's outcomes from values read once per key: the first item of a key gets the value, any later one of the same
 * key a copy of its own, so that one caller's changes are not another's.
 */
export function handOut<V>(keys: string[], valueOf: (key: string) => V): Array<Outcome<V>> {
  const handedOut = new Set<string>();
  return keys.map((key) => {
    const value = valueOf(key);
    const mine = handedOut.has(key) ? structuredClone(value) : value;
    handedOut.add(key);
    return { ok: true, value: mine };
  });
}
