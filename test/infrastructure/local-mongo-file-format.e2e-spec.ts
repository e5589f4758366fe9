import { afterAll, describe, expect, it } from '@jest/globals';
import { LocalMongo, repoRoot } from '@rc/local-stack';
import { Binary, Decimal128, Long, MongoClient, ObjectId } from 'mongodb';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The file stores documents and index keys as BSON (not Java serialisation): every BSON type the services write
 * comes back the same after a restart, and the indexes (the `_id` index, sorted, compound, multikey, unique) still
 * answer from the reopened file.
 */
describe('local database file format', () => {
  const dir = join(repoRoot, '.local/test-data/file-format');
  let mongo: LocalMongo | undefined;
  let client: MongoClient | undefined;

  const open = async () => {
    mongo = await LocalMongo.start({ logDir: dir, file: join(dir, 'db.mv') });
    client = await MongoClient.connect(mongo.url('fmt'));
    return client.db('fmt');
  };
  const close = async () => {
    await client?.close();
    await mongo?.stop();
  };

  afterAll(close);

  it('reads back every value type and serves the indexes after a restart', async () => {
    rmSync(dir, { recursive: true, force: true });
    let db = await open();
    const docs = Array.from({ length: 300 }, (_, i) => ({
      _id: i % 3 === 0 ? `s${i}` : i % 3 === 1 ? new ObjectId().toHexString() : `x${i}`,
      rid: `room${i % 3}`,
      ts: new Date(Date.UTC(2026, 0, 1) + i * 1000),
      n: i,
      big: Long.fromNumber(2 ** 40 + i),
      ratio: i / 7,
      price: Decimal128.fromString(`${i}.25`),
      flag: i % 2 === 0,
      none: null,
      tags: [`t${i % 5}`, `t${(i + 1) % 5}`],
      u: { _id: `u${i % 10}`, username: `user${i % 10}` },
      blob: new Binary(Buffer.from([i % 256, 1, 2])),
      oid: new ObjectId('65a1b2c3d4e5f60718293a4b'),
    }));
    const messages = db.collection<(typeof docs)[number]>('messages');
    await messages.createIndex({ rid: 1, ts: -1 });
    await messages.createIndex({ tags: 1 });
    await messages.createIndex({ 'u.username': 1, n: 1 }, { unique: true });
    await messages.insertMany(docs);
    await close();
    // No Java serialisation: it would name the classes of the documents and index keys in the file.
    const file = readFileSync(join(dir, 'db.mv')).toString('latin1');
    expect(file).not.toContain('de.bwaldvogel.mongo.bson.Document');
    expect(file).not.toContain('dev.rocketnest.mongo.SortedIndexKey');
    expect(file).not.toContain('de.bwaldvogel.mongo.backend.KeyValue');

    db = await open();
    // Opening reads no documents: mongo-java-server asks each collection's size at open, and a size read through
    // a query once collected a whole collection into memory (a million messages did not fit in the heap).
    const atOpen = await db.admin().command({ rocketnestQueryStats: 1 });
    expect((atOpen.scans as Array<{ ns: string }>).filter((s) => s.ns === 'fmt.messages')).toEqual([]);
    const reopened = db.collection<(typeof docs)[number]>('messages');
    const stored = await reopened.find({}).sort({ n: 1 }).toArray();
    // The driver reads int64 back as a number (promoteLongs); it is stored as int64, as it came.
    const asRead = docs.map((d) => ({ ...d, big: d.big.toNumber() }));
    expect(stored).toEqual(asRead);
    expect(await reopened.countDocuments({ big: { $type: 'long' } })).toBe(300);

    await db.admin().command({ rocketnestQueryStats: 1, reset: true });
    const page = await reopened
      .find({ rid: 'room1', ts: { $lt: new Date(Date.UTC(2026, 0, 1) + 200_000) } })
      .sort({ ts: -1 })
      .limit(5)
      .toArray();
    expect(page.map((d) => d.n)).toEqual([199, 196, 193, 190, 187]);
    expect((await reopened.find({ tags: 't3' }).toArray()).length).toBe(120);
    expect(await reopened.findOne({ _id: 's99' })).toMatchObject({ n: 99 });
    const stats = await db.admin().command({ rocketnestQueryStats: 1 });
    expect((stats.scans as Array<{ ns: string }>).filter((s) => s.ns === 'fmt.messages')).toEqual([]);
    expect(Number(stats.documentsExamined)).toBeLessThan(200);

    await expect(reopened.insertOne({ ...docs[0], _id: 'another' })).rejects.toMatchObject({ code: 11000 });
    await expect(reopened.insertOne({ ...docs[0] })).rejects.toMatchObject({ code: 11000 });
    await reopened.deleteMany({ rid: 'room2' });
    await reopened.updateOne({ _id: 's0' }, { $set: { rid: 'room9' } });
    await close();

    db = await open();
    const again = db.collection<(typeof docs)[number]>('messages');
    expect(await again.countDocuments({ rid: 'room2' })).toBe(0);
    expect(await again.find({ rid: 'room9' }).toArray()).toEqual([{ ...asRead[0], rid: 'room9' }]);
    expect(await again.countDocuments({})).toBe(200);
  }, 120_000);
});
