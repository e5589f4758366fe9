import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LocalMongo, repoRoot, waitFor } from '@rc/local-stack';
import mongoose, { Schema, type Connection } from 'mongoose';
import { join } from 'node:path';

/**
 * The local MongoDB-compatible server (mongo-java-server) with the Node driver through mongoose: what the
 * product relies on works, and the known differences from MongoDB stay as documented in the README.
 */
describe('local MongoDB-compatible server', () => {
  let mongo: LocalMongo;
  let connection: Connection;

  beforeAll(async () => {
    mongo = await LocalMongo.start({ logDir: join(repoRoot, '.local/logs/mongo-compat') });
    connection = await mongoose.createConnection(mongo.url('compat')).asPromise();
  }, 60_000);

  afterAll(async () => {
    await connection?.close();
    await mongo?.stop();
  });

  const Item = () => {
    const schema = new Schema({ _id: String, name: String, rank: Number }, { versionKey: false });
    schema.index({ name: 1 }, { unique: true });
    return connection.models.Item ?? connection.model('Item', schema);
  };

  it('lists the collections a filter asks for, by name only when asked (as MongoDB does)', async () => {
    const db = connection.db!;
    await db.collection('listed_one').insertOne({ _id: 1 } as never);
    await db.collection('listed_two').insertOne({ _id: 1 } as never);
    expect(await db.listCollections({ name: 'listed_one' }).toArray()).toEqual([
      expect.objectContaining({ name: 'listed_one', type: 'collection', options: {} }),
    ]);
    expect(await db.listCollections({ name: 'no_such_collection' }).toArray()).toEqual([]);
    expect(await db.listCollections({ name: 'listed_two' }, { nameOnly: true }).toArray()).toEqual([
      { name: 'listed_two', type: 'collection' },
    ]);
    const names = (await db.listCollections({ name: { $in: ['listed_one', 'listed_two'] } }).toArray()).map((c) => c.name);
    expect(names.sort()).toEqual(['listed_one', 'listed_two']);
  });

  it('refuses a create of an existing collection and a duplicate key as MongoDB does, without logging them as errors', async () => {
    const db = connection.db!;
    await db.createCollection('created_twice');
    await expect(db.createCollection('created_twice')).rejects.toMatchObject({ code: 48, codeName: 'NamespaceExists' });
    const names = db.collection<{ _id: string; name: string }>('unique_names');
    await names.createIndex({ name: 1 }, { unique: true });
    await names.insertMany([
      { _id: 'a', name: 'x' },
      { _id: 'b', name: 'y' },
    ]);
    await expect(names.findOneAndUpdate({ _id: 'b' }, { $set: { name: 'x' } })).rejects.toMatchObject({ code: 11000 });
    await expect(names.updateOne({ _id: 'b' }, { $set: { name: 'x' } })).rejects.toMatchObject({ code: 11000 });
    expect(await names.findOne({ _id: 'b' })).toEqual({ _id: 'b', name: 'y' });
    // A command the server does not know is still logged as an error: once its line is out, the refusals' would be too.
    await expect(db.command({ noSuchCommandHere: 1 })).rejects.toMatchObject({ ok: 0 });
    await waitFor(() => mongo.tail(200).includes('noSuchCommandHere'), { timeoutMs: 5_000, describe: () => 'the unknown command logged' });
    expect(mongo.tail(200)).not.toMatch(/NamespaceExists|Collection already exists|duplicate key/i);
  });

  it('warns of a scan an index could spare, not of a read of the whole collection', async () => {
    const db = connection.db!;
    const scanned = db.collection<{ _id: number; kind: string }>('scanned_items');
    await scanned.insertMany([
      { _id: 1, kind: 'a' },
      { _id: 2, kind: 'b' },
    ]);
    expect(await scanned.find({}).toArray()).toHaveLength(2);
    expect(await scanned.find({ kind: 'a' }).toArray()).toHaveLength(1);
    await waitFor(() => mongo.tail(200).includes('compat.scanned_items {kind: eq}'), {
      timeoutMs: 5_000,
      describe: () => 'the filtered scan logged',
    });
    expect(mongo.tail(200)).not.toContain('compat.scanned_items {}');
  });

  it('inserts, enforces unique indexes and queries by indexed fields', async () => {
    const items = Item();
    await items.init();
    await items.create([
      { _id: 'a', name: 'alpha', rank: 1 },
      { _id: 'b', name: 'beta', rank: 2 },
    ]);
    await expect(items.create({ _id: 'c', name: 'alpha', rank: 3 })).rejects.toMatchObject({ code: 11000 });
    const found = await items.findOne({ name: 'beta' }).lean();
    expect(found).toEqual({ _id: 'b', name: 'beta', rank: 2 });
    const indexes = await items.collection.indexes();
    expect(indexes.map((i) => i.name)).toContain('name_1');
    expect(await items.countDocuments({ rank: { $gte: 1 } })).toBe(2);
  });

  it('delivers change-stream events, with the full document on updates', async () => {
    const items = Item();
    const stream = items.watch([], { fullDocument: 'updateLookup' });
    const events: Array<Record<string, any>> = [];
    stream.on('change', (event) => events.push(event));
    await new Promise((r) => setTimeout(r, 300));

    const received = async (count: number) => {
      const deadline = Date.now() + 5_000;
      while (events.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    };
    await items.create({ _id: 'w', name: 'watched', rank: 1 });
    await items.updateOne({ _id: 'w' }, { $set: { rank: 5 } });
    // `updateLookup` reads the document when the event is read (as MongoDB does): delete only after that.
    await received(2);
    await items.deleteOne({ _id: 'w' });
    await received(3);

    expect(events.slice(0, 3).map((e) => e.operationType)).toEqual(['insert', 'update', 'delete']);
    expect(events[0].fullDocument).toMatchObject({ _id: 'w', rank: 1 });
    expect(events[1].fullDocument).toMatchObject({ _id: 'w', rank: 5 });
    expect(events[2].documentKey).toEqual({ _id: 'w' });
    // findAndModify (findOneAndUpdate, upserts, findOneAndDelete) is reported too: the launcher completes
    // mongo-java-server's oplog there (tools/mongo-server FindAndModifyOplog).
    await items.findOneAndUpdate({ _id: 'f' }, { $set: { name: 'upserted', rank: 7 } }, { upsert: true });
    await items.findOneAndUpdate({ _id: 'f' }, { $set: { rank: 8 } }, { returnDocument: 'after' });
    await received(5);
    await items.findOneAndDelete({ _id: 'f' });
    await received(6);
    expect(events.slice(3).map((e) => [e.operationType, e.fullDocument?.rank ?? e.documentKey._id])).toEqual([
      ['insert', 7],
      ['update', 8],
      ['delete', 'f'],
    ]);

    // Resume tokens are usable: a stream resumed after the first event replays every one that followed.
    await stream.close();
    const resumed = items.watch([], { resumeAfter: events[0]._id });
    const replayed: string[] = [];
    resumed.on('change', (event) => replayed.push(event.operationType));
    const until = Date.now() + 5_000;
    while (replayed.length < 5 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await resumed.close();
    expect(replayed).toEqual(['update', 'delete', 'insert', 'update', 'delete']);
  });
});
