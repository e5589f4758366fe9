import mongoose from 'mongoose';
import type { DurationSummary } from '../populated/populated-run.js';

/** One kind of command the local database served during a run, per acknowledged message. */
export interface DatabaseCommandCost {
  command: string;
  collection: string;
  perMessage: number;
  /** The database worker thread's time in them, per message (ms). */
  workerMsPerMessage: number;
}

interface RawCommand {
  command: string;
  collection: string;
  count: number;
  millis: number;
}

/**
 * A file database's durable writes (`rocketnestQueryStats.durability`, the launcher's `DurableCommits` report): totals
 * since it started, distributions (ms, p50 / p90 / p99 / max) since the last reset.
 */
export interface DatabaseDurability {
  writes: number;
  commits: number;
  commitMillis: number;
  writeMillis: number;
  fsyncs: number;
  fsyncMillis: number;
  /** Commits the store lock deferred (a compaction slice under way), and how long in all. */
  commitDeferrals?: number;
  commitDeferredMillis?: number;
  /** How long a write's reply waited for its fsync; an fsync; a commit on the worker. */
  replyWait?: DurationSummary;
  fsync?: DurationSummary;
  commit?: DurationSummary;
  /** The stages of the reply's wait: the commit queued on the worker, the pages written, the reply sent after fsync. */
  commitQueue?: DurationSummary;
  write?: DurationSummary;
  release?: DurationSummary;
  /** The file's checkpoints (the redo log holds the writes between two): how many, each to its fsync, its part on the worker. */
  checkpoints?: number;
  checkpointsWaitedFor?: number;
  checkpoint?: DurationSummary;
  checkpointCommit?: DurationSummary;
  /** The redo log: groups appended and fsynced, their bytes, and the groups replayed when the database started. */
  redoLog?: { groups: number; bytes: number; replayedAtStart: number };
}

/**
 * Counts the commands the local database (tools/mongo-server) serves during a run, by kind and collection,
 * from its `rocketnestQueryStats` command: started before the run (`reset`), read after it. Against a real
 * MongoDB (which has no such command) it yields nothing.
 */
export async function countDatabaseCommands(mongoUrl: string): Promise<{
  read(messages: number): Promise<{ commands: DatabaseCommandCost[]; durability?: DatabaseDurability }>;
  close(): Promise<void>;
}> {
  const connection = await mongoose.createConnection(mongoUrl).asPromise();
  const admin = connection.db!.admin();
  await admin.command({ rocketnestQueryStats: 1, reset: true }).catch(() => undefined);
  return {
    async read(messages) {
      const stats = await admin.command({ rocketnestQueryStats: 1 }).catch(() => undefined);
      const raw = (stats?.commands as RawCommand[] | undefined) ?? [];
      const per = Math.max(1, messages);
      const commands = raw
        .map((c) => ({
          command: c.command,
          collection: c.collection,
          perMessage: Math.round((c.count * 1000) / per) / 1000,
          workerMsPerMessage: Math.round((c.millis * 1000) / per) / 1000,
        }))
        // A rare command still shows when the worker's time in it does (a batched clean-up, a periodic sweep).
        .filter((c) => c.perMessage >= 0.005 || c.workerMsPerMessage >= 0.001)
        .sort((a, b) => b.workerMsPerMessage - a.workerMsPerMessage);
      return { commands, durability: (stats?.durability ?? undefined) as DatabaseDurability | undefined };
    },
    close: () => connection.close(),
  };
}
