import { LocalMongo } from '@rc/local-stack';
import mongoose from 'mongoose';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LatencyRecorder, type LatencySummary } from '../measure/latency-recorder.js';
import { cpuMs } from '../measure/process-stats.js';

export interface WriteCostRow {
  mode: 'memory' | 'file, fsync per group commit' | 'file, 1 s auto-commit (not durable)';
  sequential: LatencySummary;
  concurrent: LatencySummary & { writesPerSecond: number };
  /** One indexed read after another while the 32 writers run: what commands queued behind commits see. */
  readsDuringWrites: LatencySummary;
  durability?: Record<string, number>;
  /** The database process's CPU time (user + system) per write: one at a time, then 32 writers with the reader. */
  databaseCpuMsPerWrite: { sequential: number; concurrent: number };
  loadAverage: number;
}

/**
 * What durability costs per write: the same inserts (message-shaped, with the message indexes) one at a time and
 * 32 at a time, against the in-memory server, the file with fsynced group commits (the default) and the file with
 * MVStore's unsynced auto-commit (the old behaviour), run back to back; and the latency of indexed reads made
 * while the 32 writers run.
 */
export async function measureWriteCost(writes = 300): Promise<WriteCostRow[]> {
  const rows: WriteCostRow[] = [];
  for (const mode of ['memory', 'file, fsync per group commit', 'file, 1 s auto-commit (not durable)'] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'write-cost-'));
    const mongo = await LocalMongo.start({
      logDir: dir,
      file: mode === 'memory' ? undefined : join(dir, 'db.mv'),
      commit: mode.includes('auto') ? 'auto' : 'sync',
    });
    const connection = await mongoose.createConnection(mongo.url('cost')).asPromise();
    try {
      const messages = connection.db!.collection<{ _id: string } & Record<string, unknown>>('rocketchat_message');
      await messages.createIndex({ rid: 1, ts: -1 });
      await messages.createIndex({ rid: 1, _updatedAt: 1 });
      await messages.createIndex({ 'u._id': 1 });
      let n = 0;
      const insert = async (recorder: LatencyRecorder) => {
        const i = n++;
        const started = performance.now();
        await messages.insertOne({
          _id: `m${i}`,
          rid: `r${i % 10}`,
          msg: `message ${i}`,
          ts: new Date(),
          _updatedAt: new Date(),
          u: { _id: `u${i % 50}`, username: `user${i % 50}` },
        });
        recorder.record(performance.now() - started);
      };
      const sequential = new LatencyRecorder();
      const cpuAtStart = cpuMs(mongo.pid);
      for (let i = 0; i < writes; i++) await insert(sequential);
      const cpuSequential = cpuMs(mongo.pid) - cpuAtStart;
      await connection.db!.admin().command({ rocketnestQueryStats: 1, reset: true });
      const concurrent = new LatencyRecorder();
      const reads = new LatencyRecorder();
      let writing = true;
      const reader = (async () => {
        for (let i = 0; writing; i++) {
          const started = performance.now();
          await messages
            .find({ rid: `r${i % 10}` })
            .sort({ ts: -1 })
            .limit(1)
            .toArray();
          reads.record(performance.now() - started);
        }
      })();
      const started = performance.now();
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          for (let i = 0; i < writes / 10; i++) await insert(concurrent);
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      writing = false;
      await reader;
      const cpuConcurrent = cpuMs(mongo.pid) - cpuAtStart - cpuSequential;
      const stats = await connection.db!.admin().command({ rocketnestQueryStats: 1 });
      rows.push({
        mode,
        sequential: sequential.summary(),
        concurrent: { ...concurrent.summary(), writesPerSecond: Math.round((32 * writes) / 10 / seconds) },
        readsDuringWrites: reads.summary(),
        durability: (stats.durability as Record<string, number> | null) ?? undefined,
        databaseCpuMsPerWrite: {
          sequential: Math.round((cpuSequential / writes) * 100) / 100,
          concurrent: Math.round((cpuConcurrent / ((32 * writes) / 10)) * 100) / 100,
        },
        loadAverage: loadavg()[0],
      });
    } finally {
      await connection.close();
      await mongo.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}
