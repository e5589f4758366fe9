import { mongo } from 'mongoose';

/** The part of a driver collection GroupedInserts writes through. */
export interface InsertTarget<T> {
  insertOne(document: T): Promise<unknown>;
  insertMany(documents: T[], options: { ordered: false }): Promise<unknown>;
}

interface Waiting<T> {
  document: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Inserts into one collection, grouped by arrival: the first goes out at once; those that arrive while it is in flight
 * wait for it and then go together, as one `insert` command (`ordered: false`: each document stands alone). A busy
 * writer sends one command, one socket write and one database commit for many documents, where each cost a round trip
 * of its own; an idle one sends each insert as it comes, no later. Each caller learns its own document's outcome: a
 * duplicate `_id` is refused to its sender alone (code 11000), the others of its group are stored.
 */
export class GroupedInserts<T> {
  private waiting: Array<Waiting<T>> = [];
  private sending = false;

  constructor(private readonly target: InsertTarget<T>) {}

  insert(document: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ document, resolve, reject });
      if (!this.sending) void this.sendWaiting();
    });
  }

  private async sendWaiting(): Promise<void> {
    this.sending = true;
    while (this.waiting.length > 0) await this.send(this.waiting.splice(0));
    this.sending = false;
  }

  private async send(group: Array<Waiting<T>>): Promise<void> {
    if (group.length === 1) {
      const [only] = group;
      await this.target.insertOne(only.document).then(only.resolve, only.reject);
      return;
    }
    try {
      await this.target.insertMany(
        group.map((w) => w.document),
        { ordered: false },
      );
      for (const w of group) w.resolve();
    } catch (error) {
      const refused = refusedDocuments(error);
      // Not a per-document refusal (the connection, the write concern): every outcome of the group is unknown.
      if (!refused) return group.forEach((w) => w.reject(error));
      group.forEach((w, index) => (refused.has(index) ? w.reject(refused.get(index)) : w.resolve()));
    }
  }
}

/** The refused documents of an unordered insert, by their index in it; undefined when the error is not only theirs. */
function refusedDocuments(error: unknown): Map<number, mongo.MongoServerError> | undefined {
  if (!(error instanceof mongo.MongoBulkWriteError) || error.result.getWriteConcernError()) return undefined;
  return new Map(
    error.result.getWriteErrors().map((writeError) => {
      const refusal = new mongo.MongoServerError({ message: writeError.errmsg ?? 'write error', code: writeError.code });
      return [writeError.index, refusal];
    }),
  );
}
