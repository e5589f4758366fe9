import type mongoose from 'mongoose';

/** How the local database served the queries on some collections: by `<collection> <query shape>` and `<collection> <index>`. */
export interface QueryPlans {
  /** The queries no index served (a read of every document). */
  scans: string[];
  /** The indexes that served the others. */
  indexes: string[];
}

/**
 * How the queries on `collections` (by default every collection of the app's database but the server's own
 * `system.*`) were served since the last call, from the local database's own counts (tools/mongo-server QueryStats).
 * Every call starts a new count.
 */
export async function queryPlans(db: mongoose.Connection, collections?: string[]): Promise<QueryPlans> {
  const stats = (await db.db!.admin().command({ rocketnestQueryStats: 1, reset: true })) as unknown as {
    scans: Array<{ ns: string; query: string }>;
    indexed: Array<{ ns: string; index: string }>;
  };
  const prefix = `${db.db!.databaseName}.`;
  const ours = (ns: string): string[] => {
    if (!ns.startsWith(prefix)) return [];
    const collection = ns.slice(prefix.length);
    return (collections ? collections.includes(collection) : !collection.startsWith('system.')) ? [collection] : [];
  };
  return {
    scans: stats.scans.flatMap((scan) => ours(scan.ns).map((collection) => `${collection} ${scan.query}`)),
    indexes: stats.indexed.flatMap((used) => ours(used.ns).map((collection) => `${collection} ${used.index}`)),
  };
}
