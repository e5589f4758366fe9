import type mongoose from 'mongoose';

/** How the local database served the queries on some collections: by `<collection> <query shape>` and `<collection> <index>`. */
export interface QueryPlans {
  /** The queries no index served (a read of every document). */
  scans: string[];
  /** The indexes that served the others. */
  indexes: string[];
}

/**
 * How the queries on `collections` were served since the last call, from the local database's own counts
 * (tools/mongo-server QueryStats). Every call starts a new count.
 */
export async function queryPlans(db: mongoose.Connection, collections: string[]): Promise<QueryPlans> {
  const stats = (await db.db!.admin().command({ rocketnestQueryStats: 1, reset: true })) as unknown as {
    scans: Array<{ ns: string; query: string }>;
    indexed: Array<{ ns: string; index: string }>;
  };
  const prefix = `${db.db!.databaseName}.`;
  const collectionOf = (ns: string) =>
    ns.startsWith(prefix) && collections.includes(ns.slice(prefix.length)) ? ns.slice(prefix.length) : undefined;
  return {
    scans: stats.scans.filter((scan) => collectionOf(scan.ns)).map((scan) => `${collectionOf(scan.ns)} ${scan.query}`),
    indexes: stats.indexed.filter((used) => collectionOf(used.ns)).map((used) => `${collectionOf(used.ns)} ${used.index}`),
  };
}
