import { mongo } from 'mongoose';
import { InFlightGroups, type Outcome } from './in-flight-groups.js';

/** The part of a driver collection GroupedInserts writes through. */
export interface InsertTarget<T> {
  insertOne(document: T): Promise<unknown>;
  insertMany(documents: T[], options: { ordered: false }): Promise<unknown>;
}

/**
 * Inserts into one collection grouped by arrival (InFlightGroups): a group is one `insert` command, `ordered: false`
 * so that each document stands alone. Each caller learns its own document's outcome: a duplicate `_id` is refused to
 * its sender alone (code 11000), the others of its group are stored.
 */
export class GroupedInserts<T> {
  private readonly groups = new InFlightGroups<T, void>((documents) => this.send(documents));

  constructor(private readonly target: InsertTarget<T>) {}

  insert(document: T): Promise<void> {
    return this.groups.submit(document);
  }

  private async send(documents: T[]): Promise<Array<Outcome<void>>> {
    const stored: Outcome<void> = { ok: true, value: undefined };
    if (documents.length === 1) {
      await this.target.insertOne(documents[0]);
      return [stored];
    }
    try {
      await this.target.insertMany(documents, { ordered: false });
      return documents.map(() => stored);
    } catch (error) {
      const refused = refusedDocuments(error, documents.length);
      // Not a per-document refusal (the connection, the write concern): every outcome of the group is unknown.
      if (!refused) throw error;
      return documents.map((_, index) => {
        const refusal = refused.get(index);
        return refusal ? { ok: false, error: refusal } : stored;
      });
    }
  }
}

/**
 * The refused documents of an unordered insert, by their index in it; undefined unless the server answered for every
 * document (stored or refused). The driver wraps every failure of an `insertMany` in a MongoBulkWriteError — a lost
 * connection too, with no write errors: then no document's outcome is known.
 */
function refusedDocuments(error: unknown, count: number): Map<number, mongo.MongoServerError> | undefined {
  if (!(error instanceof mongo.MongoBulkWriteError) || error.result.getWriteConcernError()) return undefined;
  // At least one outcome a document (mongo-java-server's `n` counts the refused documents too).
  if (error.result.insertedCount + error.result.getWriteErrors().length < count) return undefined;
  return new Map(
    error.result.getWriteErrors().map((writeError) => {
      const refusal = new mongo.MongoServerError({ message: writeError.errmsg ?? 'write error', code: writeError.code });
      return [writeError.index, refusal];
    }),
  );
}
