import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor, type AppInstance } from '@rc/local-stack';
import mongoose from 'mongoose';
import { DdpClient } from '../../support/ddp-client.js';
import { useStack } from '../../support/stack.js';
import { connectAs, createUser, type RealtimeUser } from '../support/realtime-users.js';
import type { RealtimeSource } from '../support/realtime-sources.js';

const STATUS = { offline: 0, online: 1, away: 2, busy: 3 } as const;

/**
 * Presence across two gateway instances: each user's status follows their DDP connections (the best of
 * them) or the status they chose, and every watcher is told, whichever instance they are connected to.
 */
export const presenceSuite = (source: RealtimeSource) =>
  describe(`presence [REALTIME_SOURCE=${source}]`, () => {
    const t = useStack({
      instances: { gateway: 2 },
      env: {
        REALTIME_SOURCE: source,
        GATEWAY_HEARTBEAT_MS: '500',
        PRESENCE_INSTANCE_TIMEOUT_MS: '3000',
        PRESENCE_SWEEP_INTERVAL_MS: '500',
      },
    });
    let db: mongoose.Connection;
    let watcherUser: RealtimeUser;
    /** Connected to gateway #0; follows the presence of the users under test on their own instance. */
    let watcher: DdpClient;
    beforeAll(async () => {
      db = await mongoose.createConnection(t.stack.mongoUrl).asPromise();
      watcherUser = await createUser(t.admin, 'watcher');
      watcher = await connectAs(t.stack.gatewayUrl(0), watcherUser);
      await watcher.stream('notify-logged', 'user-status');
    });
    afterAll(async () => {
      await watcher?.close();
      await db?.close();
    });

    /**
     * Follows `user`'s presence on the watcher's connection, as Rocket.Chat's web client does: the first
     * subscription is kept (`ready`); later ones only add users to it and are ended at once (`nosub`, no error).
     */
    let following = false;
    const follow = async (user: RealtimeUser) => {
      const { frame } = await watcher.subscribeAnswer('stream-user-presence', '', { added: [user.id] });
      expect(frame.msg).toBe(following ? 'nosub' : 'ready');
      expect(frame.error).toBeUndefined();
      following = true;
    };
    const presenceOf = (user: RealtimeUser, code: number, timeoutMs?: number) =>
      watcher.nextPush('user-presence', user.id, (p) => p.args[0][1] === code, timeoutMs);
    const statusOf = (user: RealtimeUser, code: number) =>
      watcher.nextPush('notify-logged', 'user-status', (p) => p.args[0][0] === user.id && p.args[0][2] === code);
    const storedStatus = async (user: RealtimeUser) =>
      (await db
        .collection('users')
        .findOne({ _id: user.id as never }, { projection: { status: 1, statusConnection: 1, statusDefault: 1 } })) as {
        status?: string;
        statusConnection?: string;
        statusDefault?: string;
      } | null;

    it('goes online → away → online → offline as the connections come, idle and go', async () => {
      const bob = await createUser(t.admin, 'bob');
      await follow(bob);

      const online = Promise.all([presenceOf(bob, STATUS.online), statusOf(bob, STATUS.online)]);
      const bobClient = await connectAs(t.stack.gatewayUrl(1), bob);
      const [presence, status] = await online;
      expect(presence).toMatchObject({ collection: 'stream-user-presence', id: bob.id, eventName: bob.id });
      expect(presence.fields).toEqual({ uid: bob.id, eventName: bob.id, args: [[bob.username, STATUS.online, null]] });
      expect(status.args).toEqual([[bob.id, bob.username, STATUS.online, null, `User ${bob.username}`, ['user']]]);

      // The connection as Rocket.Chat records it.
      const session = await db.collection('usersSessions').findOne({ _id: bob.id as never });
      expect(session?.connections).toEqual([
        {
          id: bobClient.session,
          instanceId: t.stack.instances('gateway')[1].instanceId,
          status: 'online',
          _createdAt: expect.any(Date),
          _updatedAt: expect.any(Date),
        },
      ]);

      const away = presenceOf(bob, STATUS.away);
      await bobClient.call('UserPresence:away');
      await away;
      expect(await storedStatus(bob)).toMatchObject({ status: 'away', statusConnection: 'away' });

      const back = presenceOf(bob, STATUS.online);
      await bobClient.call('UserPresence:online');
      await back;

      const offline = Promise.all([presenceOf(bob, STATUS.offline), statusOf(bob, STATUS.offline)]);
      await bobClient.close();
      await offline;
      expect(await storedStatus(bob)).toMatchObject({ status: 'offline', statusConnection: 'offline' });
      expect((await db.collection('usersSessions').findOne({ _id: bob.id as never }))?.connections).toEqual([]);
    });

    it('takes the best status among connections on both instances', async () => {
      const carol = await createUser(t.admin, 'carol');
      await follow(carol);
      const first = await connectAs(t.stack.gatewayUrl(0), carol);
      const second = await connectAs(t.stack.gatewayUrl(1), carol);
      await waitFor(async () => (await storedStatus(carol))?.status === 'online', { describe: () => 'carol online' });
      // Each gateway reports its connections in its own batch: both must be known before one of them goes away.
      await waitFor(async () => (await db.collection('usersSessions').findOne({ _id: carol.id as never }))?.connections.length === 2, {
        describe: () => "both of carol's connections reported",
      });

      await first.call('UserPresence:away');
      // One connection is still active: carol stays online.
      await waitFor(async () => {
        const session = await db.collection('usersSessions').findOne({ _id: carol.id as never });
        return session?.connections.some((c: { status: string }) => c.status === 'away') === true;
      });
      expect((await storedStatus(carol))?.status).toBe('online');

      const away = presenceOf(carol, STATUS.away);
      await second.close();
      await away;

      const offline = presenceOf(carol, STATUS.offline);
      await first.close();
      await offline;
    });

    it('keeps the status a user chose while they are connected, with its text', async () => {
      const dave = await createUser(t.admin, 'dave');
      await follow(dave);
      const client = await connectAs(t.stack.gatewayUrl(1), dave);
      await presenceOf(dave, STATUS.online);

      const busy = presenceOf(dave, STATUS.busy);
      await client.call('setUserStatus', 'busy', 'In a meeting');
      expect((await busy).args).toEqual([[dave.username, STATUS.busy, 'In a meeting']]);
      await client.call('UserPresence:away');
      // The chosen status wins over an idle connection.
      const own = await dave.api.get('/api/v1/users.getStatus');
      expect(own.body).toEqual({ success: true, _id: dave.id, status: 'busy', connectionStatus: 'away' });
      const seenByOthers = await watcherUser.api.get('/api/v1/users.getStatus', { userId: dave.id });
      expect(seenByOthers.body).toEqual({ success: true, _id: dave.id, status: 'busy' });

      const automatic = presenceOf(dave, STATUS.away);
      await client.call('UserPresence:setDefaultStatus', 'online');
      await automatic;

      const offline = presenceOf(dave, STATUS.offline);
      await client.close();
      await offline;
      // The chosen status is kept for the next connection.
      expect(await storedStatus(dave)).toMatchObject({ status: 'offline', statusDefault: 'online' });
    });

    it('sets a status over REST (users.setStatus) and lists who is online (users.presence)', async () => {
      const erin = await createUser(t.admin, 'erin');
      await follow(erin);
      const client = await connectAs(t.stack.gatewayUrl(0), erin);
      await presenceOf(erin, STATUS.online);

      const away = presenceOf(erin, STATUS.away);
      const set = await erin.api.post('/api/v1/users.setStatus', { status: 'away', message: '  at lunch  ' });
      expect(set.body).toEqual({ success: true });
      expect((await away).args).toEqual([[erin.username, STATUS.away, 'at lunch']]);

      const listed = await watcherUser.api.get('/api/v1/users.presence', { ids: `${erin.id},${watcherUser.id},nobody` });
      expect(listed.body.full).toBe(false);
      expect(listed.body.users.map((u: { _id: string }) => u._id).sort()).toEqual([erin.id, watcherUser.id].sort());
      expect(listed.body.users.find((u: { _id: string }) => u._id === erin.id)).toMatchObject({
        username: erin.username,
        status: 'away',
        statusText: 'at lunch',
      });
      const everyone = await watcherUser.api.get('/api/v1/users.presence');
      expect(everyone.body.full).toBe(true);

      const invalid = await erin.api.post('/api/v1/users.setStatus', { status: 'sleeping' });
      expect(invalid.status).toBe(400);
      expect(invalid.body).toMatchObject({ success: false, errorType: 'error-invalid-status' });
      const injected = await erin.api.post('/api/v1/users.setStatus', { message: { $ne: null } });
      expect(injected.status).toBe(400);
      const others = await erin.api.post('/api/v1/users.setStatus', { userId: watcherUser.id, status: 'busy' });
      expect(others.status).toBe(403);
      const busy = presenceOf(erin, STATUS.busy);
      const byAdmin = await t.admin.post('/api/v1/users.setStatus', { username: erin.username, status: 'busy' });
      expect(byAdmin.status).toBe(200);
      await busy;
      await client.close();
    });

    it('refuses presence streams to anonymous readers', async () => {
      const anonymous = await DdpClient.connect(t.stack.gatewayUrl(0));
      await expect(anonymous.subscribe('stream-user-presence', '', { added: [watcherUser.id] })).rejects.toMatchObject({
        error: { error: 'not-allowed' },
      });
      await expect(anonymous.stream('notify-logged', 'user-status')).rejects.toMatchObject({ error: { error: 'not-allowed' } });
      await anonymous.close();
    });

    describe('on a gateway gathering connection changes for 3 s', () => {
      const WINDOW_MS = 3_000;
      let gateway: AppInstance;
      beforeAll(async () => {
        gateway = await t.stack.startInstance('gateway', { PRESENCE_REPORT_WINDOW_MS: String(WINDOW_MS) });
      });
      afterAll(async () => {
        if (gateway) await t.stack.remove(gateway, 'stop');
      });
      const batchesSent = async () => {
        const metrics = await fetch(`${gateway.url}/metrics`).then((r) => r.text());
        const counts = [
          ...metrics.matchAll(/^rpc_client_duration_seconds_count\{[^}]*subject="presence\.connectionsChanged"[^}]*\} (\d+)$/gm),
        ];
        return counts.reduce((sum, [, count]) => sum + Number(count), 0);
      };

      it('leaves no trace of a connection that logs in and closes within the window: no record, no status flap', async () => {
        const ivan = await createUser(t.admin, 'ivan');
        const judy = await createUser(t.admin, 'judy');
        await follow(ivan);
        await follow(judy);
        const before = await batchesSent();

        const flash = await connectAs(gateway.url, ivan);
        await flash.close();
        // Judy's login is reported in the same batch as Ivan's connection, or a later one: once she shows
        // online, whatever was said about Ivan has been applied.
        const judyOnline = presenceOf(judy, STATUS.online, WINDOW_MS + 20_000);
        const judyClient = await connectAs(gateway.url, judy);
        await judyOnline;
        // The gateway counts the request once answered, which may be just after the status was announced.
        await waitFor(async () => (await batchesSent()) > before, { describe: () => 'the batch answered' });

        expect(watcher.pushes('user-presence', ivan.id)).toEqual([]);
        expect(await storedStatus(ivan)).toMatchObject({ status: 'offline' });
        const session = await db.collection('usersSessions').findOne({ _id: ivan.id as never });
        expect(session?.connections ?? []).toEqual([]);
        expect((await batchesSent()) - before).toBe(1);
        await judyClient.close();
      });

      it('marks many users logging in together online in one batch, and offline together', async () => {
        const crowd = await Promise.all(Array.from({ length: 15 }, () => createUser(t.admin, 'crowd')));
        const ids = crowd.map((user) => user.id);
        const users = db.collection('users');
        const before = await batchesSent();

        // Resuming their REST sessions: password logins are rate limited per address.
        const clients = await Promise.all(
          crowd.map(async (user) => {
            const client = await DdpClient.connect(gateway.url);
            await client.loginWithToken(user.api.credentials!.authToken);
            return client;
          }),
        );
        await waitFor(async () => (await users.countDocuments({ _id: { $in: ids as never[] }, status: 'online' })) === crowd.length, {
          timeoutMs: WINDOW_MS + 30_000,
          describe: () => 'the crowd online',
        });
        await waitFor(async () => (await batchesSent()) > before, { describe: () => 'the batch answered' });
        const sessions = await db
          .collection('usersSessions')
          .find({ _id: { $in: ids as never[] } })
          .toArray();
        expect(sessions.map((s) => s.connections.length)).toEqual(crowd.map(() => 1));
        expect((await batchesSent()) - before).toBeLessThanOrEqual(2);

        await Promise.all(clients.map((client) => client.close()));
        await waitFor(async () => (await users.countDocuments({ _id: { $in: ids as never[] }, status: 'offline' })) === crowd.length, {
          timeoutMs: WINDOW_MS + 30_000,
          describe: () => 'the crowd offline',
        });
        expect(
          await db
            .collection('usersSessions')
            .find({ _id: { $in: ids as never[] }, 'connections.0': { $exists: true } })
            .toArray(),
        ).toEqual([]);
      });
    });

    it('records a connection made while presence was down once it is back', async () => {
      const henry = await createUser(t.admin, 'henry');
      await follow(henry);
      const [presence] = t.stack.instances('presence');
      await t.stack.remove(presence, 'stop');
      const client = await connectAs(t.stack.gatewayUrl(1), henry);
      const online = presenceOf(henry, STATUS.online, 30_000);
      await t.stack.startInstance('presence');
      await online;
      await client.close();
    });

    it('takes users offline when their gateway is killed (no goodbye), and at once when it stops gracefully', async () => {
      const frank = await createUser(t.admin, 'frank');
      const grace = await createUser(t.admin, 'grace');
      await follow(frank);
      await follow(grace);

      const doomed = await t.stack.startInstance('gateway');
      const frankClient = await connectAs(doomed.url, frank);
      await presenceOf(frank, STATUS.online);

      const killedAt = Date.now();
      const offline = presenceOf(frank, STATUS.offline, 20_000);
      await t.stack.remove(doomed, 'kill');
      await offline;
      const delay = Date.now() - killedAt;
      // Bounded by the presence timeout (3 s) plus a sweep interval and a heartbeat.
      expect(delay).toBeLessThan(10_000);
      expect(await storedStatus(frank)).toMatchObject({ status: 'offline' });
      frankClient.terminate();

      const leaving = await t.stack.startInstance('gateway');
      await connectAs(leaving.url, grace);
      await presenceOf(grace, STATUS.online);
      const stoppedAt = Date.now();
      const gone = presenceOf(grace, STATUS.offline);
      await t.stack.remove(leaving, 'stop');
      await gone;
      expect(Date.now() - stoppedAt).toBeLessThan(3_000);
    });
  });
