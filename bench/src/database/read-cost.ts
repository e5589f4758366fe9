import mongoose from 'mongoose';
import { loadavg } from 'node:os';
import { LatencyRecorder, type LatencySummary } from '../measure/latency-recorder.js';
import { openTarget, type ExternalDatabase } from './database-target.js';
import { cpuMs } from '../measure/process-stats.js';

type Message = { _id: string; rid: string; msg: string; ts: Date; _updatedAt: Date; u: { _id: string; username: string } };

export interface ReadCostQuery extends LatencySummary {
  /** The database process's CPU per call, ms. */
  databaseCpuMsPerCall: number;
  /** What served it: the engine's `explain` (its winning plan, abridged), or why there is none. */
  explain: string;
  /** Collection scans the launcher counted in these calls (`rocketnestQueryStats`; other engines: undefined). */
  scans?: number;
}

export interface ReadCost {
  mode: string;
  messages: number;
  rooms: number;
  /** The bulk load's time (undefined when an external server's data set was reused). */
  insertSeconds?: number;
  fileMb?: number;
  queries: Record<'newest50' | 'range' | 'idIn', ReadCostQuery>;
  loadAverage: number;
}

const ROOMS = 10;
const START = Date.UTC(2026, 0, 1);

/**
 * Indexed reads as a client makes them, on the launcher's file mode or an external server (MONGO_URL, --pid):
 * `messages` messages over 10 rooms (bulk `insertMany` of 1,000, the message model's main indexes), then
 * `calls` times each: a room's newest 50 (`find({rid}).sort({ts:-1}).limit(50)`, as loadHistory asks), a
 * range of 100 seconds of a room (`rid` + `ts` range), and 50 messages by `_id: {$in}`. Each with `explain`'s
 * plan, so that what served it is visible: a read no index serves examines the whole collection. On an external
 * server the database `read-cost` is kept after, for its files to be measured, and reused by the next run when it
 * holds `messages` messages.
 */
export async function measureReadCost(messages = 100_000, calls = 300, external?: ExternalDatabase): Promise<ReadCost> {
  const target = await openTarget(external ? 'external' : 'file', external);
  const connection = await mongoose.createConnection(target.url('read-cost')).asPromise();
  try {
    const db = connection.db!;
    const collection = db.collection<Message>('rocketchat_message');
    // An external server's data set of this size is reused (a slow engine's bulk load is minutes).
    const reuse = external !== undefined && (await collection.estimatedDocumentCount()) === messages;
    if (!reuse) await db.dropDatabase();
    // Not again on a reused set: FerretDB 1.24.2 panics on a createIndexes of existing indexes (README "Engines compared").
    if (!reuse) await collection.createIndexes([{ key: { rid: 1, ts: -1 } }, { key: { rid: 1, _updatedAt: 1 } }, { key: { 'u._id': 1 } }]);
    const began = performance.now();
    for (let from = 0; !reuse && from < messages; from += 1000) {
      const batch = Array.from({ length: Math.min(1000, messages - from) }, (_, k): Message => {
        const i = from + k;
        const ts = new Date(START + i * 1_000);
        return {
          _id: `m${i}`,
          rid: `r${i % ROOMS}`,
          msg: `message ${i} ${'lorem ipsum '.repeat(4)}`,
          ts,
          _updatedAt: ts,
          u: { _id: `u${i % 500}`, username: `user${i % 500}` },
        };
      });
      await collection.insertMany(batch, { ordered: false });
    }
    const insertSeconds = reuse ? undefined : Math.round((performance.now() - began) / 100) / 10;

    const randomTs = () => new Date(START + Math.floor(Math.random() * messages) * 1_000);
    const shapes = {
      newest50: () => collection.find({ rid: 'r3' }).sort({ ts: -1 }).limit(50),
      range: () => {
        const from = randomTs();
        return collection.find({ rid: 'r3', ts: { $gte: from, $lt: new Date(from.getTime() + 100_000) } }).sort({ ts: -1 });
      },
      idIn: () => collection.find({ _id: { $in: Array.from({ length: 50 }, () => `m${Math.floor(Math.random() * messages)}`) } }),
    };
    const queries = {} as ReadCost['queries'];
    for (const [name, cursor] of Object.entries(shapes) as Array<[keyof typeof shapes, (typeof shapes)[keyof typeof shapes]]>) {
      const explain = await cursor()
        .explain()
        .then((plan) => JSON.stringify(plan.queryPlanner ?? plan).slice(0, 800))
        .catch((error: Error) => `no explain: ${error.message}`);
      const scansBefore = await scanCount(db);
      const recorder = new LatencyRecorder();
      const cpuBefore = cpuMs(target.pid);
      for (let c = 0; c < calls; c++) {
        const t = performance.now();
        await cursor().toArray();
        recorder.record(performance.now() - t);
      }
      const cpu = cpuMs(target.pid) - cpuBefore;
      const scansAfter = await scanCount(db);
      queries[name] = {
        ...recorder.summary(),
        databaseCpuMsPerCall: Math.round((cpu / calls) * 100) / 100,
        explain,
        ...(scansBefore === undefined || scansAfter === undefined ? {} : { scans: scansAfter - scansBefore }),
      };
    }
    const fileBytes = target.fileBytes();
    return {
      mode: target.mode,
      messages,
      rooms: ROOMS,
      insertSeconds,
      ...(fileBytes === undefined ? {} : { fileMb: Math.round(fileBytes / 1e5) / 10 }),
      queries,
      loadAverage: Math.round(loadavg()[0] * 10) / 10,
    };
  } finally {
    await connection.close();
    await target.stop();
  }
}

/** The launcher's count of this collection's scans so far; undefined on an engine without `rocketnestQueryStats`. */
async function scanCount(db: NonNullable<mongoose.Connection['db']>): Promise<number | undefined> {
  try {
    const stats = await db.admin().command({ rocketnestQueryStats: 1 });
    const scans = stats.scans as Array<{ ns: string; count: number }>;
    return scans.filter((s) => s.ns === 'read-cost.rocketchat_message').reduce((sum, s) => sum + s.count, 0);
  } catch {
    return undefined;
  }
}
