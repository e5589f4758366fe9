import { afterAll, describe, expect, it } from '@jest/globals';
import { LocalMongo, repoRoot } from '@rc/local-stack';
import { MongoClient } from 'mongodb';
import { join } from 'node:path';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The oplog is trimmed by age between commands, every 10 s, round after round (the launcher skips the scan while
 * the oldest entry kept is younger than the age limit, and must still trim once entries age out). An age limit
 * of 0 hours makes every entry old at the next round.
 */
describe('local database oplog bound', () => {
  let mongo: LocalMongo | undefined;
  let client: MongoClient | undefined;

  afterAll(async () => {
    await client?.close();
    await mongo?.stop();
  });

  it('trims the entries older than the age limit at every round', async () => {
    mongo = await LocalMongo.start({ logDir: join(repoRoot, '.local/logs/oplog-bound'), oplogMaxHours: 0 });
    client = await MongoClient.connect(mongo.url('bound'));
    const items = client.db('bound').collection<{ _id: number }>('items');
    const oplog = client.db('local').collection('oplog.rs');
    for (const round of [0, 1]) {
      await items.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: round * 100 + i })));
      expect(await oplog.countDocuments({ ns: 'bound.items' })).toBeGreaterThanOrEqual(50);
      await pause(10_500);
      await client.db('bound').command({ ping: 1 }); // the round runs before this command
      expect(await oplog.countDocuments({ ns: 'bound.items' })).toBe(0);
    }
    expect(await items.countDocuments()).toBe(100);
  }, 60_000);
});
