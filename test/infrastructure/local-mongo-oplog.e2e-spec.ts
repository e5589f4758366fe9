import { afterAll, describe, expect, it } from '@jest/globals';
import { LocalMongo, repoRoot } from '@rc/local-stack';
import { MongoClient, type ChangeStreamDocument, type Document } from 'mongodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The launcher's own account of its oplog (tools/mongo-server MapOplog): entries kept. */
const oplogEntries = async (client: MongoClient): Promise<number> => {
  const stats = await client.db('admin').command({ rocketnestQueryStats: 1 });
  return (stats.oplog as { entries: number }).entries;
};

/** The next change of a stream that is already open, or a failure after 10 s. */
const nextChange = async (stream: { tryNext(): Promise<ChangeStreamDocument<Document> | null> }) => {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const change = await stream.tryNext();
    if (change) return change;
  }
  throw new Error('no change within 10 s');
};

/**
 * The oplog is kept in its own map of the database (keyed by timestamp) and bounded: trimmed by age between
 * commands, every 10 s, round after round. An age limit of 0 hours makes every entry old at the next round.
 * In the file it is written in the same commit as the documents, so a change stream resumes across a crash.
 */
describe('local database oplog', () => {
  let mongo: LocalMongo | undefined;
  let client: MongoClient | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'oplog-'));

  afterAll(async () => {
    await client?.close();
    await mongo?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('trims the entries older than the age limit at every round', async () => {
    mongo = await LocalMongo.start({ logDir: join(repoRoot, '.local/logs/oplog-bound'), oplogMaxHours: 0 });
    client = await MongoClient.connect(mongo.url('bound'));
    const items = client.db('bound').collection<{ _id: number }>('items');
    for (const round of [0, 1]) {
      await items.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: round * 100 + i })));
      expect(await oplogEntries(client)).toBeGreaterThanOrEqual(50);
      await pause(10_500);
      await client.db('bound').command({ ping: 1 }); // the round runs before this command
      expect(await oplogEntries(client)).toBe(0);
    }
    expect(await items.countDocuments()).toBe(100);
    await client.close();
    await mongo.stop();
    client = undefined;
    mongo = undefined;
  }, 60_000);

  it('resumes a change stream after a SIGKILL of the file database, from the entries in the file', async () => {
    mongo = await LocalMongo.start({ logDir: join(repoRoot, '.local/logs/oplog-resume'), file: join(dir, 'db.mv') });
    client = await MongoClient.connect(mongo.url('resume'));
    const items = client.db('resume').collection<{ _id: number; n?: number }>('items');
    const stream = items.watch([], { fullDocument: 'updateLookup' });
    expect(await stream.tryNext()).toBeNull(); // the stream is open on the server: it sees what follows
    await items.insertOne({ _id: 1 });
    const first = await nextChange(stream);
    expect(first).toMatchObject({ operationType: 'insert', documentKey: { _id: 1 } });
    await items.insertMany([{ _id: 2 }, { _id: 3 }]);
    await items.updateOne({ _id: 2 }, { $set: { n: 5 } });
    await items.deleteOne({ _id: 3 });
    await stream.close();

    await mongo.kill(); // every write above was acknowledged: on disk, oplog entries included
    await mongo.restart();

    const resumed = items.watch([], { fullDocument: 'updateLookup', resumeAfter: first._id });
    const replayed: Array<ChangeStreamDocument<Document>> = [];
    for (let i = 0; i < 4; i++) replayed.push(await nextChange(resumed));
    await resumed.close();
    expect(replayed.map((c) => [c.operationType, 'documentKey' in c ? c.documentKey._id : undefined])).toEqual([
      ['insert', 2],
      ['insert', 3],
      ['update', 2],
      ['delete', 3],
    ]);
    expect(replayed[2]).toMatchObject({ fullDocument: { _id: 2, n: 5 } });
    // The tokens order as the changes: each resumed stream starts after its token.
    const afterUpdate = items.watch([], { resumeAfter: replayed[2]._id });
    expect(await nextChange(afterUpdate)).toMatchObject({ operationType: 'delete', documentKey: { _id: 3 } });
    await afterUpdate.close();
  }, 60_000);

  it('drops the oplog a file kept when it is started without one, and refuses change streams then', async () => {
    // The file of the test above, which holds the entries of its writes.
    expect(await oplogEntries(client!)).toBeGreaterThanOrEqual(4);
    await client!.close();
    await mongo!.stop();
    const file = join(dir, 'db.mv');
    mongo = await LocalMongo.start({ logDir: join(repoRoot, '.local/logs/oplog-off'), file, oplog: false });
    client = await MongoClient.connect(mongo.url('resume'));
    const items = client.db('resume').collection<{ _id: number }>('items');
    await items.insertOne({ _id: 4 }); // its commit writes the oplog's removal (a map removed: a checkpoint)
    expect((await client.db('admin').command({ rocketnestQueryStats: 1 })).oplog).toBeNull();
    // A change stream is refused as by a MongoDB that is not a replica set.
    const refused = items.watch();
    await expect(refused.tryNext()).rejects.toMatchObject({
      code: 40573,
      message: expect.stringContaining('only supported on replica sets'),
    });
    await refused.close();
    await client.close();
    await mongo.stop();

    mongo = await LocalMongo.start({ logDir: join(repoRoot, '.local/logs/oplog-on-again'), file });
    client = await MongoClient.connect(mongo.url('resume'));
    expect(await oplogEntries(client)).toBe(0);
    expect(await client.db('resume').collection('items').countDocuments()).toBe(3); // 1, 2 and 4: the data stays
  }, 60_000);
});
