import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mongoose from 'mongoose';
import { queryPlans } from '../support/query-plans.js';
import { DdpClient } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';
import { createUser, uniqueName, type RealtimeUser } from '../realtime/support/realtime-users.js';

/**
 * Every query the services make on a hot path is served by an index on the local database as on MongoDB: the
 * launcher counts collection scans per namespace and query shape (tools/mongo-server QueryStats), and this
 * drives the hot paths through the real stack and finds none in the app's database.
 */
describe('hot paths use indexes on the local database', () => {
  const t = useStack();
  let db: mongoose.Connection;
  let alice: RealtimeUser;
  let ddp: DdpClient;
  let rid: string;
  let roomName: string;

  beforeAll(async () => {
    db = await mongoose.createConnection(t.stack.mongoUrl).asPromise();
    alice = await createUser(t.admin, 'alice');
    roomName = uniqueName('hot');
    rid = (await alice.api.post('/api/v1/channels.create', { name: roomName })).body.channel._id as string;
    for (let i = 0; i < 20; i++) await alice.api.post('/api/v1/chat.sendMessage', { message: { rid, msg: `warm ${i}` } });
    ddp = await DdpClient.connect(t.stack.gatewayUrl());
    await ddp.loginWithToken(alice.api.credentials!.authToken);
  });
  afterAll(async () => {
    await ddp?.close();
    await db?.close();
  });

  it('sends, reads history, lists subscriptions, opens rooms and logs in by token without a collection scan', async () => {
    await queryPlans(db);
    const api = alice.api;
    for (let i = 0; i < 3; i++) {
      expect((await api.post('/api/v1/chat.sendMessage', { message: { rid, msg: `hot ${i}` } })).status).toBe(200);
      await ddp.call('sendMessage', { rid, msg: `hot ddp ${i}` });
      await ddp.call('loadHistory', rid, null, 50, null);
      expect((await api.get('/api/v1/channels.history', { roomId: rid, count: 50 })).status).toBe(200);
      expect((await api.get('/api/v1/subscriptions.get')).status).toBe(200);
      await ddp.call('subscriptions/get');
      expect((await api.get('/api/v1/subscriptions.getOne', { roomId: rid })).status).toBe(200);
      expect((await api.get('/api/v1/rooms.info', { roomId: rid })).status).toBe(200);
      expect((await api.get('/api/v1/channels.info', { roomName })).status).toBe(200);
      await ddp.call('getRoomIdByNameOrId', roomName);
      expect((await api.get('/api/v1/me')).status).toBe(200);
      const resumed = await DdpClient.connect(t.stack.gatewayUrl());
      await resumed.loginWithToken(api.credentials!.authToken);
      await resumed.close();
    }
    expect((await queryPlans(db)).scans).toEqual([]);
  });
});
