import type mongoose from 'mongoose';

/**
 * The collection scans of `collections` since the last call, as `<collection> <query shape>`: the local database
 * counts the queries no index serves (tools/mongo-server QueryStats). Every call starts a new count.
 */
export async function collectionScans(db: mongoose.Connection, collections: string[]): Promise<string[]> {
  const stats = (await db.db!.admin().command({ rocketnestQueryStats: 1, reset: true })) as unknown as {
    scans: Array<{ ns: string; query: string }>;
  };
  const prefix = `${db.db!.databaseName}.`;
  return stats.scans
    .filter((scan) => collections.some((collection) => scan.ns === prefix + collection))
    .map((scan) => `${scan.ns.slice(prefix.length)} ${scan.query}`);
}
