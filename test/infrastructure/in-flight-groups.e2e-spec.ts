import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { LocalMongo } from '@rc/local-stack';
import type { IMessage, ISubscription } from '@rc/contracts';
import {
  GroupedInserts,
  isDuplicateKeyError,
  RoomMessageCounters,
  SUBSCRIPTION_MODEL,
  SubscriptionSchema,
  SubscriptionsRepository,
} from '@rc/models';

interface Doc {
  _id: string;
  n: number;
}

/** Inserts and reads grouped by arrival (InFlightGroups) against the local database: what goes out as one command, and what each caller learns. */
describe('grouped database work (InFlightGroups, the local database)', () => {
  let mongo: LocalMongo;
  let client: mongoose.mongo.MongoClient;
  let inserts: string[][];
  let finds: unknown[];
  /** The commands sent to the `rooms` collection, by name. */
  let roomCommands: string[] = [];

  const collection = (name: string) => client.db('grouped').collection<Doc>(name);
  /**
   * The next turn of the event loop: a command sent in this one is still unanswered then (its reply is read in a
   * later poll phase), so what is submitted after it arrives while that command is in flight.
   */
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  beforeAll(async () => {
    mongo = await LocalMongo.start({ logDir: mkdtempSync(join(tmpdir(), 'grouped-inserts-')) });
    client = await mongoose.mongo.MongoClient.connect(mongo.url('grouped'), { monitorCommands: true });
    client.on('commandStarted', (event) => {
      if (event.commandName === 'insert') inserts.push((event.command.documents as Doc[]).map((d) => d._id));
      if (event.command[event.commandName] === 'rooms') roomCommands.push(event.commandName);
    });
  });

  afterAll(async () => {
    await client.close();
    await mongo.stop();
  });

  it('sends an insert alone when nothing is in flight, and those arriving meanwhile as one command', async () => {
    inserts = [];
    const grouped = new GroupedInserts<Doc>(collection('burst'));
    const first = grouped.insert({ _id: 'b0', n: 0 });
    await nextTurn();
    await Promise.all([first, ...Array.from({ length: 9 }, (_, n) => grouped.insert({ _id: `b${n + 1}`, n: n + 1 }))]);

    expect(inserts).toEqual([['b0'], ['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7', 'b8', 'b9']]);
    expect(await collection('burst').countDocuments()).toBe(10);
  });

  it('does not hold an insert when the previous one is answered', async () => {
    inserts = [];
    const grouped = new GroupedInserts<Doc>(collection('calm'));
    for (const n of [1, 2, 3]) await grouped.insert({ _id: `c${n}`, n });

    expect(inserts).toEqual([['c1'], ['c2'], ['c3']]);
  });

  it('sends the inserts submitted together as one command; refuses a duplicate to its own caller only, the rest is stored', async () => {
    const target = collection('duplicates');
    await target.insertOne({ _id: 'taken', n: 0 });
    inserts = [];
    const grouped = new GroupedInserts<Doc>(target);
    const outcomes = await Promise.allSettled([
      grouped.insert({ _id: 'first', n: 1 }),
      grouped.insert({ _id: 'fresh', n: 2 }),
      grouped.insert({ _id: 'taken', n: 3 }),
      grouped.insert({ _id: 'twice', n: 4 }),
      grouped.insert({ _id: 'twice', n: 5 }),
    ]);

    expect(inserts).toEqual([['first', 'fresh', 'taken', 'twice', 'twice']]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'rejected']);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(isDuplicateKeyError(outcome.reason)).toBe(true);
    }
    const stored = await target.find().sort({ _id: 1 }).toArray();
    expect(stored).toEqual([
      { _id: 'first', n: 1 },
      { _id: 'fresh', n: 2 },
      { _id: 'taken', n: 0 },
      { _id: 'twice', n: 4 },
    ]);
  });

  it('refuses every insert of a group whose command got no answer (the database gone)', async () => {
    const gone = await LocalMongo.start({ logDir: mkdtempSync(join(tmpdir(), 'grouped-gone-')) });
    const doomed = await mongoose.mongo.MongoClient.connect(gone.url('grouped'), { serverSelectionTimeoutMS: 500, retryWrites: false });
    try {
      const grouped = new GroupedInserts<Doc>(doomed.db('grouped').collection<Doc>('lost'));
      await grouped.insert({ _id: 'before', n: 0 });
      await gone.stop();
      const outcomes = await Promise.allSettled([1, 2, 3].map((n) => grouped.insert({ _id: `lost${n}`, n })));
      // Submitted together, one insertMany: none may count as stored.
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    } finally {
      await doomed.close();
    }
  });

  it('refuses a lone duplicate as the driver does', async () => {
    const grouped = new GroupedInserts<Doc>(collection('duplicates'));
    await expect(grouped.insert({ _id: 'taken', n: 9 })).rejects.toMatchObject({ code: 11000 });
  });

  it('reads the members of the rooms asked for while a read is in flight together, each caller its own room', async () => {
    const connection = await mongoose.createConnection(mongo.url('grouped'), { monitorCommands: true }).asPromise();
    connection.getClient().on('commandStarted', (event) => {
      if (event.commandName === 'find' && event.command.find === 'rocketchat_subscription') finds.push(event.command.filter);
    });
    try {
      const repository = new SubscriptionsRepository(connection.model<ISubscription>(SUBSCRIPTION_MODEL, SubscriptionSchema));
      const member = (rid: string, user: string) => ({
        _id: `${rid}-${user}`,
        rid,
        u: { _id: user, username: user },
        t: 'c',
        ts: new Date(),
      });
      await connection
        .collection('rocketchat_subscription')
        .insertMany([member('r1', 'ann'), member('r1', 'bob'), member('r2', 'ann'), member('r3', 'cy')] as never[]);
      finds = [];
      const alone = repository.findByRoom('r1');
      await nextTurn();
      const [r2, r3, again, none] = await Promise.all(['r2', 'r3', 'r1', 'r9'].map((rid) => repository.findByRoom(rid)));
      const r1 = await alone;

      expect(finds).toEqual([{ rid: 'r1' }, { rid: { $in: ['r2', 'r3', 'r1', 'r9'] } }]);
      const ids = (members: ISubscription[]) => members.map((s) => s._id).sort();
      expect([ids(r1), ids(r2), ids(r3), ids(again), ids(none)]).toEqual([
        ['r1-ann', 'r1-bob'],
        ['r2-ann'],
        ['r3-cy'],
        ['r1-ann', 'r1-bob'],
        [],
      ]);
      // A room asked for twice in a group: two copies, so one caller's changes are not the other's.
      const [first, second] = await Promise.all([
        repository.findByRoom('r2'),
        repository.findByRoom('r3'),
        repository.findByRoom('r3'),
      ]).then(([, b, c]) => [b, c]);
      expect(second).toEqual(first);
      expect(second[0]).not.toBe(first[0]);
    } finally {
      await connection.close();
    }
  });

  it('counts the messages of rooms counted while a count is in flight with one update and one read, each caller its room after', async () => {
    const rooms = client.db('grouped').collection('rooms');
    await rooms.insertMany([
      { _id: 'ra', t: 'c', msgs: 0, joinCode: 'secret' },
      { _id: 'rb', t: 'c', msgs: 5 },
    ] as never[]);
    const counters = new RoomMessageCounters(rooms);
    const message = (_id: string, rid: string, second: number) =>
      ({ _id, rid, msg: _id, ts: new Date(Date.UTC(2026, 0, 1, 0, 0, second)), u: { _id: 'ann', username: 'ann' } }) as IMessage;
    roomCommands = [];
    const lone = counters.record(message('m1', 'ra', 1), true);
    await nextTurn();
    const [a2, b1, a3, gone, reply] = await Promise.all([
      counters.record(message('m2', 'ra', 2), true),
      counters.record(message('m3', 'rb', 3), true),
      counters.record(message('m4', 'ra', 4), true),
      counters.record(message('m5', 'nowhere', 5), true),
      // A thread reply: counted, not the room's last message.
      counters.record(message('m6', 'rb', 6), false),
    ]);

    const a1 = await lone;
    expect(roomCommands).toEqual(['findAndModify', 'update', 'find']);
    expect(a1).toMatchObject({ _id: 'ra', msgs: 1, lastMessage: { _id: 'm1' }, lm: new Date(Date.UTC(2026, 0, 1, 0, 0, 1)) });
    expect(a1).not.toHaveProperty('joinCode');
    // The group's last message to arrive is the room's last one; each caller of a room gets a copy of its own.
    expect(a2).toMatchObject({ msgs: 3, lastMessage: { _id: 'm4' }, lm: new Date(Date.UTC(2026, 0, 1, 0, 0, 4)) });
    expect(a3).toEqual(a2);
    expect(a3).not.toBe(a2);
    expect(a2).not.toHaveProperty('joinCode');
    expect(b1).toMatchObject({ msgs: 7, lastMessage: { _id: 'm3' } });
    expect(reply).toEqual(b1);
    expect(gone).toBeNull();
    expect(
      await rooms
        .find({}, { projection: { msgs: 1, 'lastMessage._id': 1 } })
        .sort({ _id: 1 })
        .toArray(),
    ).toEqual([
      { _id: 'ra', msgs: 3, lastMessage: { _id: 'm4' } },
      { _id: 'rb', msgs: 7, lastMessage: { _id: 'm3' } },
    ]);
  });
});
