import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import mongoose from 'mongoose';
import type { DdpClient } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';
import { closeAll, connectAs, createUser, uniqueName, type RealtimeUser } from './support/realtime-users.js';

const MESSAGES = 24;

/**
 * StreamHub as the realtime source: it follows the database's change streams and keeps its position in
 * MongoDB, so a restart (even a kill) resumes where it stopped, and no change is lost.
 */
describe('stream-hub restarts [REALTIME_SOURCE=stream-hub]', () => {
  const t = useStack({ env: { REALTIME_SOURCE: 'stream-hub', STREAM_HUB_SAVE_INTERVAL_MS: '200' } });
  let alice: RealtimeUser;
  let bob: RealtimeUser;
  let rid: string;
  let bobDdp: DdpClient;
  let db: mongoose.Connection;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([createUser(t.admin, 'alice'), createUser(t.admin, 'bob')]);
    const created = await alice.api.post('/api/v1/groups.create', { name: uniqueName('group'), members: [bob.username] });
    rid = created.body.group._id;
    bobDdp = await connectAs(t.stack.gatewayUrl(), bob);
    await bobDdp.stream('room-messages', rid);
    db = await mongoose.createConnection(t.stack.mongoUrl).asPromise();
  });
  afterAll(async () => {
    await closeAll(bobDdp);
    await db?.close();
  });

  /** Ids of the messages with `prefix` bob received, each time it was received. */
  const receivedIds = (prefix: string) =>
    bobDdp
      .pushes('room-messages', rid)
      .map((p) => p.args[0] as { _id: string; msg: string })
      .filter((m) => m.msg.startsWith(prefix))
      .map((m) => m._id);

  /**
   * Sends MESSAGES messages one after another, restarting stream-hub (`how`) after the first third; checks
   * that some of them were written while no stream-hub was running.
   */
  const sendThroughRestart = async (prefix: string, how: 'stop' | 'kill') => {
    const sent: string[] = [];
    let restarted = false;
    let sentWhileDown = 0;
    let restart: Promise<unknown> | undefined;
    for (let i = 0; i < MESSAGES; i++) {
      if (i === MESSAGES / 3) restart = t.stack.restart(t.stack.instances('stream-hub')[0], how).then(() => (restarted = true));
      const { body } = await alice.api.post('/api/v1/chat.sendMessage', { message: { rid, msg: `${prefix} ${i}` } });
      sent.push(body.message._id);
      if (restart && !restarted) sentWhileDown++;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await restart;
    expect(sentWhileDown).toBeGreaterThan(0);
    return sent;
  };

  it('loses no change when killed mid-stream (changes since its last saved position are sent again)', async () => {
    const sent = await sendThroughRestart('killed', 'kill');
    await waitFor(() => new Set(receivedIds('killed')).size === MESSAGES, {
      timeoutMs: 60_000,
      describe: () => `all ${MESSAGES} messages (got ${new Set(receivedIds('killed')).size})`,
    });
    expect(new Set(receivedIds('killed'))).toEqual(new Set(sent));
  });

  it('resumes exactly where it stopped after a graceful restart', async () => {
    const sent = await sendThroughRestart('stopped', 'stop');
    await waitFor(() => new Set(receivedIds('stopped')).size === MESSAGES, {
      timeoutMs: 60_000,
      describe: () => `all ${MESSAGES} messages (got ${new Set(receivedIds('stopped')).size})`,
    });
    // Its position was saved on the way out: nothing was sent twice.
    expect(receivedIds('stopped').sort()).toEqual([...sent].sort());
    const positions = await db.collection('rocketchat_stream_hub_state').find().toArray();
    expect(positions.map((p) => p._id)).toEqual(expect.arrayContaining(['rocketchat_message', 'rocketchat_subscription']));
  });

  it('sees writes made outside the services', async () => {
    const now = new Date();
    const pushed = bobDdp.nextPush('room-messages', rid, (p) => p.args[0]._id === 'written-by-hand');
    await db.collection('rocketchat_message').insertOne({
      _id: 'written-by-hand' as never,
      rid,
      msg: 'inserted straight into MongoDB',
      ts: now,
      _updatedAt: now,
      u: { _id: alice.id, username: alice.username },
    });
    expect((await pushed).args[0]).toMatchObject({ msg: 'inserted straight into MongoDB', ts: now });
  });
});
