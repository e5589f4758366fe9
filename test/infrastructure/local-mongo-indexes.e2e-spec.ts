import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LocalMongo } from '@rc/local-stack';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import mongoose from 'mongoose';
import { join } from 'node:path';

interface QueryStats {
  scans: Array<{ ns: string; query: string; count: number }>;
  indexed: Array<{ ns: string; index: string; count: number }>;
  documentsExamined: number;
}

/**
 * The launcher's indexes (tools/mongo-server SortedIndex + IndexedQuery): equality, $in, ranges and sorts on an
 * index prefix are answered from the index, reading only what they return; results equal a plain scan's.
 */
describe.each(['memory', 'file'] as const)('local database indexes (%s)', (mode) => {
  let mongo: LocalMongo;
  let client: mongoose.mongo.MongoClient;
  let db: mongoose.mongo.Db;
  let dir: string;

  const collection = (name: string) => db.collection<{ _id: string } & Record<string, unknown>>(name);

  /** The counts since the last call, without the server's own bookkeeping (system.indexes, the oplog). */
  const stats = async (): Promise<QueryStats> => {
    const all = (await db.admin().command({ rocketnestQueryStats: 1, reset: true })) as unknown as QueryStats;
    return { ...all, scans: all.scans.filter((scan) => scan.ns.startsWith('indexes.') && !scan.ns.startsWith('indexes.system.')) };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mongo-indexes-'));
    mongo = await LocalMongo.start({ logDir: dir, file: mode === 'file' ? join(dir, 'db.mv') : undefined });
    client = await mongoose.mongo.MongoClient.connect(mongo.url('indexes'));
    db = client.db('indexes');
    const messages = collection('messages');
    await messages.createIndex({ rid: 1, ts: -1 });
    await messages.createIndex({ 'u._id': 1 });
    await messages.createIndex({ 'mentions.username': 1, _id: 1 });
    const start = Date.UTC(2026, 0, 1);
    const docs = Array.from({ length: 3_000 }, (_, i) => ({
      _id: `m${String(i).padStart(5, '0')}`,
      rid: `r${i % 3}`,
      ts: new Date(start + i * 1000),
      u: { _id: `u${i % 7}` },
      msg: `message ${i}`,
      ...(i % 10 === 0 ? { _hidden: true } : {}),
      ...(i % 100 === 0 ? { mentions: [{ username: 'alice' }, { username: 'bob' }] } : {}),
    }));
    await messages.insertMany(docs);
    await stats();
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await mongo?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a room history page (equality + range + sort + limit) reading only the page', async () => {
    const before = new Date(Date.UTC(2026, 0, 1) + 2_000 * 1000);
    const page = await db
      .collection('messages')
      .find({ rid: 'r1', ts: { $lt: before }, _hidden: { $ne: true } })
      .sort({ ts: -1 })
      .limit(50)
      .toArray();
    const expected = Array.from({ length: 2_000 }, (_, i) => i)
      .filter((i) => i % 3 === 1 && i % 10 !== 0)
      .reverse()
      .slice(0, 50)
      .map((i) => `m${String(i).padStart(5, '0')}`);
    expect(page.map((m) => m._id)).toEqual(expected);
    const s = await stats();
    expect(s.scans).toEqual([]);
    expect(s.indexed).toEqual([{ ns: 'indexes.messages', index: 'rid_1_ts_-1', count: 1 }]);
    // 50 returned + the hidden ones skipped on the way (one in ten).
    expect(s.documentsExamined).toBeLessThanOrEqual(60);
  });

  it('serves $in, ascending sorts, multikey paths inside arrays and counts from indexes', async () => {
    const messages = collection('messages');
    const first = await messages
      .find({ rid: { $in: ['r0', 'r2'] }, ts: { $gte: new Date(Date.UTC(2026, 0, 1)) } })
      .sort({ ts: 1 })
      .limit(3)
      .toArray();
    expect(first.map((m) => m._id)).toEqual(['m00000', 'm00002', 'm00003']);
    expect(await messages.countDocuments({ 'u._id': 'u3' })).toBe(
      Array.from({ length: 3_000 }, (_, i) => i).filter((i) => i % 7 === 3).length,
    );
    const mentioned = await messages.find({ 'mentions.username': 'bob' }).toArray();
    expect(mentioned).toHaveLength(30);
    const s = await stats();
    expect(s.scans).toEqual([]);
  });

  it('enforces compound and multikey unique indexes, sparse ones skip documents without the keys', async () => {
    const subscriptions = collection('subscriptions');
    await subscriptions.createIndex({ rid: 1, 'u._id': 1 }, { unique: true });
    await subscriptions.insertOne({ _id: 's1', rid: 'r1', u: { _id: 'u1' } });
    await subscriptions.insertOne({ _id: 's2', rid: 'r1', u: { _id: 'u2' } });
    await expect(subscriptions.insertOne({ _id: 's3', rid: 'r1', u: { _id: 'u1' } })).rejects.toMatchObject({ code: 11000 });
    await expect(subscriptions.updateOne({ _id: 's2' }, { $set: { 'u._id': 'u1' } })).rejects.toMatchObject({ code: 11000 });
    expect((await subscriptions.find({ rid: 'r1' }).toArray()).map((s) => s._id)).toEqual(['s1', 's2']);
    expect(await subscriptions.findOne({ 'u._id': 'u2', rid: 'r1' })).toMatchObject({ _id: 's2' });

    const users = collection('users');
    await users.createIndex({ 'emails.address': 1 }, { unique: true, sparse: true });
    await users.createIndex({ 'services.resume.loginTokens.hashedToken': 1 }, { sparse: true });
    await users.insertOne({
      _id: 'a',
      emails: [{ address: 'a@x' }],
      services: { resume: { loginTokens: [{ hashedToken: 't1' }, { hashedToken: 't2' }] } },
    });
    await users.insertOne({ _id: 'b' });
    await users.insertOne({ _id: 'c' });
    await expect(users.insertOne({ _id: 'd', emails: [{ address: 'a@x' }] })).rejects.toMatchObject({ code: 11000 });
    expect(await users.findOne({ 'emails.address': 'a@x' })).toMatchObject({ _id: 'a' });
    expect(await users.findOne({ 'services.resume.loginTokens.hashedToken': 't2' })).toMatchObject({ _id: 'a' });
    await users.updateOne({ _id: 'a' }, { $pull: { 'services.resume.loginTokens': { hashedToken: 't2' } } } as never);
    expect(await users.findOne({ 'services.resume.loginTokens.hashedToken': 't2' })).toBeNull();
    await users.deleteOne({ _id: 'a' });
    expect(await users.findOne({ 'emails.address': 'a@x' })).toBeNull();
    const s = await stats();
    expect(s.scans).toEqual([]);
  });

  it("answers distinct on an indexed field from the index (DISTINCT_SCAN), as presence's instance sweep asks it", async () => {
    const sessions = collection('usersSessions');
    await sessions.createIndex({ 'connections.instanceId': 1 }, { sparse: true });
    await sessions.insertMany([
      ...Array.from({ length: 200 }, (_, i) => ({
        _id: `u${i}`,
        connections: [
          { id: `c${i}`, instanceId: `i${i % 2}` },
          { id: `d${i}`, instanceId: `i${(i % 2) + 1}` },
        ],
      })),
      { _id: 'idle', connections: [] },
      { _id: 'never' },
    ]);
    await stats();
    expect(await sessions.distinct('connections.instanceId')).toEqual(['i0', 'i1', 'i2']);
    // With an equality on the index's prefix: the timestamps of one room's messages.
    expect((await collection('messages').distinct('ts', { rid: 'r2' })).length).toBe(1_000);
    const s = await stats();
    expect(s.scans).toEqual([]);
    expect(s.indexed).toEqual([
      { ns: 'indexes.messages', index: 'rid_1_ts_-1 (distinct)', count: 1 },
      { ns: 'indexes.usersSessions', index: 'connections.instanceId_1 (distinct)', count: 1 },
    ]);
    // One document read per distinct value (3 instances, 1,000 timestamps), not one per session or message.
    expect(s.documentsExamined).toBe(1_003);
  });

  it('serves an $or each of whose branches an index serves (top level or in an $and), each document once', async () => {
    const messages = collection('messages');
    const all = Array.from({ length: 3_000 }, (_, i) => i);
    const id = (i: number) => `m${String(i).padStart(5, '0')}`;
    const found = await messages
      .find({ $or: [{ 'u._id': 'u3', rid: 'r1' }, { 'mentions.username': 'alice' }, { _id: 'm00001' }] })
      .sort({ ts: -1 })
      .toArray();
    const matching = (i: number) => (i % 7 === 3 && i % 3 === 1) || i % 100 === 0 || i === 1;
    expect(found.map((m) => m._id)).toEqual(all.filter(matching).reverse().map(id));
    const visible = await messages.countDocuments({ $and: [{ $or: [{ rid: 'r2' }, { 'u._id': 'u1' }] }, { _hidden: { $ne: true } }] });
    expect(visible).toBe(all.filter((i) => (i % 3 === 2 || i % 7 === 1) && i % 10 !== 0).length);
    const s = await stats();
    expect(s.scans).toEqual([]);
    // Each branch read through an index (a room's 1,000, a user's 429, 30 mentions, one id): 6,000 if both scanned.
    expect(s.documentsExamined).toBeLessThanOrEqual(1_000 + 30 + 1 + (1_000 + 429));

    // One branch no index serves: the whole query is a scan.
    await messages.findOne({ $or: [{ rid: 'r1' }, { msg: 'message 7' }] });
    expect((await stats()).scans).toEqual([{ ns: 'indexes.messages', query: '{$or: [{rid: eq}, {msg: eq}]}', count: 1 }]);
  });

  it("serves an $elemMatch from the index on its fields' dotted paths", async () => {
    const mentioned = await collection('messages')
      .find({ mentions: { $elemMatch: { username: 'bob' } } })
      .toArray();
    expect(mentioned).toHaveLength(30);
    const s = await stats();
    expect(s.scans).toEqual([]);
    expect(s.documentsExamined).toBe(30);
  });

  it('between two equally good indexes, takes the smaller: a sparse one over the few documents that have its field', async () => {
    const rooms = collection('rooms');
    await rooms.createIndex({ t: 1, name: 1 });
    await rooms.createIndex({ callUniqueId: 1 }, { sparse: true });
    await rooms.insertMany([
      ...Array.from({ length: 1_000 }, (_, i) => ({ _id: `c${i}`, t: 'c', name: `channel-${i}` })),
      ...Array.from({ length: 500 }, (_, i) => ({ _id: `v${i}`, t: 'v', callUniqueId: `call-${i}` })),
    ]);
    await stats();
    expect(await rooms.findOne({ t: 'v', callUniqueId: 'call-250' })).toMatchObject({ _id: 'v250' });
    const s = await stats();
    expect(s.indexed).toEqual([{ ns: 'indexes.rooms', index: 'callUniqueId_1', count: 1 }]);
    expect(s.documentsExamined).toBe(1);
  });

  it('serves a range or $in with other operators beside it ($ne: null, as a job queue asks for due jobs)', async () => {
    const messages = collection('messages');
    const late = await messages.find({ 'u._id': { $gte: 'u5', $ne: null } }).toArray();
    expect(late).toHaveLength(Array.from({ length: 3_000 }, (_, i) => i).filter((i) => i % 7 >= 5).length);
    const some = await messages.countDocuments({ 'u._id': { $in: ['u1', 'u2'], $ne: 'u2' } });
    expect(some).toBe(Array.from({ length: 3_000 }, (_, i) => i).filter((i) => i % 7 === 1).length);
    const s = await stats();
    expect(s.scans).toEqual([]);
    expect(s.documentsExamined).toBeLessThanOrEqual(late.length + 2 * 429);
  });

  it('serves an _id asked with $eq (as GridFS asks for a file) or inside an $and from the _id index', async () => {
    expect(await collection('messages').findOne({ _id: { $eq: 'm00007' } })).toMatchObject({ msg: 'message 7' });
    expect(await collection('messages').findOne({ $and: [{ _id: 'm00007' }, { rid: 'r1' }] })).toMatchObject({ msg: 'message 7' });
    const s = await stats();
    expect(s.scans).toEqual([]);
    // One document read by each query.
    expect(s.documentsExamined).toBe(2);
  });

  it('counts a query no index serves as a collection scan, by shape', async () => {
    await collection('messages').findOne({ msg: 'message 7' });
    const s = await stats();
    expect(s.scans).toEqual([{ ns: 'indexes.messages', query: '{msg: eq}', count: 1 }]);
  });
});
