import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LocalMongo } from '@rc/local-stack';
import { Schema, type Connection } from 'mongoose';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDatabase } from '../../libs/platform/src/database/database.module.js';

/**
 * The production write concern (`w: majority`, `j: true`) is set on every app's connection: each write command
 * the driver sends carries it, whatever the repository, and a `w=1` in MONGO_URL does not weaken it.
 */
describe('write concern of the apps’ connection', () => {
  let mongo: LocalMongo;
  let connection: Connection;
  let dir: string;
  const writes: Array<{ name: string; writeConcern: unknown }> = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'write-concern-'));
    mongo = await LocalMongo.start({ logDir: dir });
    connection = await connectDatabase({ MONGO_URL: `${mongo.url('wc')}&w=1` });
    connection.getClient().on('commandStarted', (event) => {
      if (['insert', 'update', 'delete', 'findAndModify'].includes(event.commandName)) {
        writes.push({ name: event.commandName, writeConcern: event.command.writeConcern });
      }
    });
  }, 60_000);

  afterAll(async () => {
    await connection?.close();
    await mongo?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends w: majority, j: true with inserts, updates, deletes and findAndModify', async () => {
    const Item = connection.model('Item', new Schema({ _id: String, n: Number }, { versionKey: false }));
    await Item.create({ _id: 'a', n: 1 });
    await Item.updateOne({ _id: 'a' }, { $set: { n: 2 } });
    await Item.findOneAndUpdate({ _id: 'a' }, { $set: { n: 3 } });
    await Item.collection.insertOne({ _id: 'b' as never, n: 1 });
    await Item.deleteOne({ _id: 'a' });
    expect(writes.map((w) => w.name)).toEqual(['insert', 'update', 'findAndModify', 'insert', 'delete']);
    for (const write of writes) expect(write.writeConcern).toEqual({ w: 'majority', j: true });
  });
});
