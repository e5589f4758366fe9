import { LocalMongo, repoRoot } from '@rc/local-stack';
import mongoose from 'mongoose';
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { LatencyRecorder, type LatencySummary } from '../measure/latency-recorder.js';

export interface HistoryAtScale {
  messages: number;
  generateSeconds?: number;
  fileMb: number;
  history: LatencySummary & { examinedPerQuery: number };
  scanForComparison: LatencySummary & { examinedPerQuery: number };
  loadAverage: number[];
}

type Message = { _id: string; rid: string; msg: string; ts: Date; _updatedAt: Date; u: { _id: string; username: string } };

/**
 * A room with `messages` messages in the file-backed database (generated once with bulk inserts into
 * bench/data/, reused after): a page of history (`rid` + `ts < x`, newest 50, as loadHistory asks) timed and
 * counted (documents examined, from the server's query stats), beside a query no index serves (what every
 * history read cost before the launcher's indexes: a scan of the collection).
 */
export async function measureHistoryAtScale(messages = 100_000, queries = 200): Promise<HistoryAtScale> {
  const dir = join(repoRoot, 'bench/data', `history-${messages}`);
  const mongo = await LocalMongo.start({ logDir: dir, file: join(dir, 'db.mv') });
  const connection = await mongoose.createConnection(mongo.url('rocketchat')).asPromise();
  const admin = connection.db!.admin();
  try {
    const collection = connection.db!.collection<Message>('rocketchat_message');
    await collection.createIndex({ rid: 1, ts: -1 });
    await collection.createIndex({ rid: 1, _updatedAt: 1 });
    await collection.createIndex({ 'u._id': 1 });
    const start = Date.UTC(2026, 0, 1);
    let generateSeconds: number | undefined;
    if ((await collection.estimatedDocumentCount()) < messages) {
      const began = performance.now();
      await collection.deleteMany({});
      for (let from = 0; from < messages; from += 250) {
        const batch = Array.from({ length: Math.min(250, messages - from) }, (_, k): Message => {
          const i = from + k;
          const ts = new Date(start + i * 1_000);
          return {
            _id: `m${i}`,
            rid: 'big-room',
            msg: `message ${i} ${'lorem ipsum '.repeat(4)}`,
            ts,
            _updatedAt: ts,
            u: { _id: `u${i % 500}`, username: `user${i % 500}` },
          };
        });
        await collection.insertMany(batch, { ordered: false });
      }
      generateSeconds = (performance.now() - began) / 1000;
    }
    const measure = async (query: (before: Date) => Record<string, unknown>, count: number) => {
      const recorder = new LatencyRecorder();
      await admin.command({ rocketnestQueryStats: 1, reset: true });
      for (let q = 0; q < count; q++) {
        const before = new Date(start + Math.floor(Math.random() * messages) * 1_000);
        const began = performance.now();
        await collection.find(query(before)).sort({ ts: -1 }).limit(50).toArray();
        recorder.record(performance.now() - began);
      }
      const stats = await admin.command({ rocketnestQueryStats: 1, reset: true });
      // Scans of this collection only: the oplog trim every 10 s is a scan too, of another collection.
      const scans = (stats.scans as Array<{ ns: string; count: number }>).filter((s) => s.ns === 'rocketchat.rocketchat_message');
      const scanned = scans.reduce((sum, s) => sum + s.count, 0) * messages;
      return { ...recorder.summary(), examinedPerQuery: Math.round((Number(stats.documentsExamined) + scanned) / count) };
    };
    const history = await measure((before) => ({ rid: 'big-room', ts: { $lt: before }, _hidden: { $ne: true } }), queries);
    const scanForComparison = await measure((before) => ({ msg: { $regex: '^message' }, ts: { $lt: before } }), 5);
    return {
      messages,
      generateSeconds,
      fileMb: Math.round(statSync(join(dir, 'db.mv')).size / 1e5) / 10,
      history,
      scanForComparison,
      loadAverage: loadavg(),
    };
  } finally {
    await connection.close();
    await mongo.stop();
  }
}
