import mongoose from 'mongoose';
import { loadavg } from 'node:os';
import { LatencyRecorder } from '../measure/latency-recorder.js';
import { cpuMs } from '../measure/process-stats.js';
import { openTarget, type DatabaseTarget, type ExternalDatabase } from './database-target.js';

export interface UpdateCostRow {
  mode: DatabaseTarget['mode'];
  messages: number;
  /** The database process's CPU (user + system) per sent message's writes, in ms. */
  databaseCpuMsPerMessage: number;
  /** Wall time of the whole loop per message, in ms (4 messages in flight). */
  wallMsPerMessage: number;
  /** One message's four writes one after the other (insert, findAndModify, updateMany, the `$unset` every 10th), ms. */
  writesP50Ms: number;
  writesP99Ms: number;
  /** The launcher's file after the run (file mode). */
  fileMb?: number;
  loadAverage: number;
}

/** Documents of any shape, keyed by a string `_id`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the driver types update operators by field, unknown here
type Doc = { _id: string; [field: string]: any };

const ROOMS = 10;
const MEMBERS = 20;

/**
 * The local database's share of a send, without the services: per message the writes the send path makes
 * (the message's insert with its member-work record, the room's `findAndModify` with `lastMessage`, one
 * `updateMany` over the room's subscriptions, and every 10 messages the `$unset` of their records), on the
 * collections' own indexes (those the models declare), 4 messages in flight. Reports the database process's CPU
 * per message, which is what the launcher's update path (copies, index maintenance, oplog) costs. Given an
 * external server (`MONGO_URL` and `--pid`: another engine, README "Engines compared"), measures it alone, in a
 * database `update-cost` dropped first and kept after (for its files to be measured).
 */
export async function measureUpdateCost(messages = 2000, external?: ExternalDatabase): Promise<UpdateCostRow[]> {
  const rows: UpdateCostRow[] = [];
  for (const mode of external ? (['external'] as const) : (['memory', 'file'] as const)) {
    const target = await openTarget(mode, external);
    const connection = await mongoose.createConnection(target.url('update-cost')).asPromise();
    try {
      const db = connection.db!;
      await db.dropDatabase();
      const messageCollection = db.collection<Doc>('rocketchat_message');
      const rooms = db.collection<Doc>('rocketchat_room');
      const subscriptions = db.collection<Doc>('rocketchat_subscription');
      await messageCollection.createIndexes([
        { key: { _memberWork: 1 }, sparse: true },
        { key: { rid: 1, ts: -1 } },
        { key: { rid: 1, _updatedAt: 1 } },
        { key: { tmid: 1, ts: 1 }, sparse: true },
        { key: { 'file._id': 1 }, sparse: true },
        { key: { rid: 1, tcount: 1 }, sparse: true },
        { key: { rid: 1, pinned: 1 }, sparse: true },
        { key: { 'starred._id': 1 }, sparse: true },
        { key: { 'u._id': 1 } },
        { key: { 'editedBy._id': 1 }, sparse: true },
        { key: { 'mentions.username': 1, _id: 1 } },
        { key: { drid: 1 }, sparse: true },
        { key: { rid: 1, drid: 1 }, sparse: true },
      ]);
      await rooms.createIndexes([
        { key: { name: 1 }, unique: true, sparse: true },
        { key: { default: 1 }, sparse: true },
        { key: { uids: 1 }, sparse: true },
        { key: { t: 1, name: 1 } },
        { key: { teamId: 1 }, sparse: true },
        { key: { _updatedAt: 1 } },
        { key: { 'u._id': 1 }, sparse: true },
        { key: { muted: 1 }, sparse: true },
        { key: { prid: 1, pmid: 1 }, sparse: true },
      ]);
      await subscriptions.createIndexes([
        { key: { rid: 1, 'u._id': 1 }, unique: true },
        { key: { 'u._id': 1, _updatedAt: 1 } },
        { key: { rid: 1, roles: 1 } },
        { key: { roles: 1 }, sparse: true },
      ]);
      for (let r = 0; r < ROOMS; r++) {
        const now = new Date();
        await rooms.insertOne({
          _id: `r${r}`,
          t: 'c',
          name: `room-${r}`,
          msgs: 0,
          usersCount: MEMBERS,
          u: { _id: 'u0', username: 'user0' },
          ts: now,
          _updatedAt: now,
        });
        await subscriptions.insertMany(
          Array.from({ length: MEMBERS }, (_, m) => ({
            _id: `s${r}-${m}`,
            rid: `r${r}`,
            t: 'c',
            name: `room-${r}`,
            u: { _id: `u${r * MEMBERS + m}`, username: `user${r * MEMBERS + m}` },
            alert: false,
            open: true,
            unread: 0,
            userMentions: 0,
            groupMentions: 0,
            roles: m === 0 ? ['owner'] : [],
            ts: now,
            ls: now,
            _updatedAt: now,
          })),
        );
      }

      let next = 0;
      const finished: string[] = [];
      let writes = new LatencyRecorder();
      const one = async () => {
        const i = next++;
        const began = performance.now();
        const rid = `r${i % ROOMS}`;
        const now = new Date();
        const message = {
          _id: `m${i}`,
          rid,
          msg: `message number ${i} with a few words in it`,
          ts: now,
          u: { _id: `u${i % (ROOMS * MEMBERS)}`, username: `user${i % (ROOMS * MEMBERS)}`, name: `User ${i}` },
          md: [{ type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: `message number ${i} with a few words in it` }] }],
          mentions: [],
          channels: [],
          _updatedAt: now,
        };
        await messageCollection.insertOne({ ...message, _memberWork: new Date(now.getTime() + 30_000) });
        await rooms.findOneAndUpdate(
          { _id: rid },
          { $inc: { msgs: 1 }, $set: { lm: now, lastMessage: message, _updatedAt: now } },
          { returnDocument: 'after' },
        );
        await subscriptions.updateMany(
          { rid, 'u._id': { $ne: message.u._id } },
          { $inc: { unread: 1 }, $set: { alert: true, _updatedAt: now } },
        );
        finished.push(message._id);
        if (finished.length >= 10) await messageCollection.updateMany({ _id: { $in: finished.splice(0) } }, { $unset: { _memberWork: 1 } });
        writes.record(performance.now() - began);
      };
      // Warm-up (the JIT), then the measured messages.
      const run = async (count: number) => {
        const end = next + count;
        await Promise.all(
          Array.from({ length: 4 }, async () => {
            while (next < end) await one();
          }),
        );
      };
      await run(Math.min(500, messages));
      writes = new LatencyRecorder();
      const cpuBefore = cpuMs(target.pid);
      const began = performance.now();
      await run(messages);
      const wall = performance.now() - began;
      const cpu = cpuMs(target.pid) - cpuBefore;
      const { p50, p99 } = writes.summary();
      const fileBytes = target.fileBytes();
      rows.push({
        mode,
        messages,
        databaseCpuMsPerMessage: Math.round((cpu / messages) * 1000) / 1000,
        wallMsPerMessage: Math.round((wall / messages) * 1000) / 1000,
        writesP50Ms: p50,
        writesP99Ms: p99,
        ...(fileBytes === undefined ? {} : { fileMb: Math.round(fileBytes / 1e5) / 10 }),
        loadAverage: Math.round(loadavg()[0] * 10) / 10,
      });
    } finally {
      await connection.close();
      await target.stop();
    }
  }
  return rows;
}
