import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import mongoose from 'mongoose';
import { DdpClient } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';
import { createUser, ok, PASSWORD, uniqueName, type CoreUser } from './support/core-fixtures.js';

type Message = Record<string, any> & { _id: string; msg: string; _updatedAt: string };

/**
 * The rest of the clients' daily path, against the real processes (two core instances, so the retention
 * prune's run is claimed by one of them): `chat.syncMessages`' cursor form (Rocket.Chat 7.1, the mobile app's),
 * the remaining `saveRoomSettings` keys, the retention policy's prune on its schedule, and the moderation console.
 */
describe('cursor sync, room settings, retention, moderation console', () => {
  const t = useStack({ instances: { core: 2 }, appEnv: { core: { RETENTION_CHECK_INTERVAL_MS: '200' } } });
  let alice: CoreUser;
  let bob: CoreUser;
  let carol: CoreUser;
  let db: mongoose.Connection;

  const send = async (user: CoreUser, rid: string, msg: string): Promise<Message> =>
    ok(await user.api.post('/api/v1/chat.sendMessage', { message: { rid, msg } })).message;
  const setSetting = async (id: string, value: unknown) => ok(await t.admin.post(`/api/v1/settings/${id}`, { value }));

  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((prefix) => createUser(t.admin, prefix)));
    db = await mongoose.createConnection(t.stack.mongoUrl).asPromise();
  });

  afterAll(async () => {
    await db?.close();
  });

  describe('chat.syncMessages with cursors', () => {
    let group: { _id: string };
    let kept: Message[];
    let deleted: Message[];
    let since: string;

    beforeAll(async () => {
      group = ok(await alice.api.post('/api/v1/groups.create', { name: uniqueName('sync'), members: [bob.username] })).group;
      const posted: Message[] = [];
      for (const text of ['one', 'two', 'three', 'four', 'five']) posted.push(await send(alice, group._id, text));
      since = String(Date.parse(posted[0]._updatedAt) - 1);
      for (const message of [posted[1], posted[3]])
        ok(await alice.api.post('/api/v1/chat.delete', { roomId: group._id, msgId: message._id }));
      ok(await alice.api.post('/api/v1/chat.update', { roomId: group._id, msgId: posted[0]._id, text: 'one, edited' }));
      // Oldest change first: three, five, then the edit of one.
      kept = [posted[2], posted[4], posted[0]];
      deleted = [posted[1], posted[3]];
    });

    it('pages the changed messages after `next`, oldest change first, with the cursors to go on', async () => {
      const first = ok(
        await bob.api.get('/api/v1/chat.syncMessages', { roomId: group._id, type: 'UPDATED', next: since, count: 2 }),
      ).result;
      expect(first.updated.map((m: Message) => m._id)).toEqual([kept[0]._id, kept[1]._id]);
      expect(first.deleted).toEqual([]);
      expect(first.cursor).toEqual({
        next: String(Date.parse(first.updated[1]._updatedAt)),
        previous: String(Date.parse(first.updated[0]._updatedAt)),
      });
      const second = ok(
        await bob.api.get('/api/v1/chat.syncMessages', { roomId: group._id, type: 'UPDATED', next: first.cursor.next, count: 2 }),
      ).result;
      expect(second.updated.map((m: Message) => [m._id, m.msg])).toEqual([[kept[2]._id, 'one, edited']]);
      expect(second.cursor.next).toBeNull();
    });

    it('pages backwards from `previous` (newest first), and lists the deleted ones with type=DELETED', async () => {
      const back = ok(
        await bob.api.get('/api/v1/chat.syncMessages', {
          roomId: group._id,
          type: 'UPDATED',
          previous: String(Date.now() + 60_000),
          count: 2,
        }),
      ).result;
      expect(back.updated.map((m: Message) => m._id)).toEqual([kept[2]._id, kept[1]._id]);
      expect(back.cursor.previous).toBe(String(Date.parse(back.updated[1]._updatedAt)));

      const gone = ok(await bob.api.get('/api/v1/chat.syncMessages', { roomId: group._id, type: 'DELETED', next: since })).result;
      expect(gone.updated).toEqual([]);
      expect(gone.deleted.map((m: { _id: string }) => m._id)).toEqual(deleted.map((m) => m._id));
      expect(gone.deleted[0]).toEqual({ _id: deleted[0]._id, _deletedAt: expect.any(String) });
      expect(gone.cursor).toEqual({ next: null, previous: String(Date.parse(gone.deleted[0]._deletedAt)) });
    });

    it("refuses Rocket.Chat's parameter conflicts, an unknown type and a room the caller cannot read", async () => {
      const errorOf = async (query: Record<string, string | number>, user = bob) =>
        (await user.api.get('/api/v1/chat.syncMessages', query)).body.errorType as string;
      // No roomId: the validator's `required` (ajv) answers before the route's own check.
      expect(await errorOf({ type: 'UPDATED', next: since })).toBe('invalid-params');
      expect(await errorOf({ roomId: '', type: 'UPDATED', next: since })).toBe('error-param-required');
      expect(await errorOf({ roomId: group._id })).toBe('error-param-required');
      expect(await errorOf({ roomId: group._id, lastUpdate: 'soon' })).toBe('error-lastUpdate-param-invalid');
      expect(await errorOf({ roomId: group._id, lastUpdate: new Date().toISOString(), next: since })).toBe('error-type-param-required');
      expect(await errorOf({ roomId: group._id, type: 'UPDATED', next: since, previous: since })).toBe('error-cursor-conflict');
      expect(await errorOf({ roomId: group._id, type: 'UPDATED', next: since, lastUpdate: new Date().toISOString() })).toBe(
        'error-cursor-and-lastUpdate-conflict',
      );
      expect(await errorOf({ roomId: group._id, type: 'CHANGED', next: since })).toBe('invalid-params');
      // A cursor `parseInt` cannot read: Rocket.Chat's bare `Error('Invalid Date')`, the text alone.
      const badCursor = await bob.api.get('/api/v1/chat.syncMessages', { roomId: group._id, type: 'UPDATED', next: 'yesterday' });
      expect(badCursor.body).toEqual({ success: false, error: 'Invalid Date' });
      expect(await errorOf({ roomId: group._id, type: 'UPDATED', next: since }, carol)).toBe('error-not-allowed');
    });
  });

  describe('saveRoomSettings: the remaining keys', () => {
    let group: { _id: string };
    let channel: { _id: string };

    beforeAll(async () => {
      group = ok(await alice.api.post('/api/v1/groups.create', { name: uniqueName('settings'), members: [bob.username] })).group;
      channel = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('settings-c') })).channel;
    });

    const room = async (rid: string, reader: CoreUser = alice) => ok(await reader.api.get('/api/v1/rooms.info', { roomId: rid })).room;
    const systemTypes = async (rid: string) =>
      (ok(await alice.api.get('/api/v1/groups.messages', { roomId: rid })).messages as Message[]).map((m) => m.t);

    it('reactWhenReadOnly and systemMessages: stored, announced by system messages, bad options refused', async () => {
      expect(
        ok(await alice.api.post('/api/v1/rooms.saveRoomSettings', { rid: group._id, readOnly: true, reactWhenReadOnly: true })),
      ).toEqual({
        success: true,
        rid: group._id,
      });
      expect(await room(group._id)).toMatchObject({ ro: true, reactWhenReadOnly: true });
      expect(await systemTypes(group._id)).toEqual(expect.arrayContaining(['room-set-read-only', 'room-allowed-reacting']));

      ok(await alice.api.post('/api/v1/rooms.saveRoomSettings', { rid: group._id, systemMessages: ['uj', 'ul'] }));
      expect((await room(group._id)).sysMes).toEqual(['uj', 'ul']);
      const bogus = await alice.api.post('/api/v1/rooms.saveRoomSettings', { rid: group._id, systemMessages: ['uj', 'no-such-type'] });
      expect(bogus.body).toMatchObject({ success: false, errorType: 'invalid-room' });
      const unknownKey = await alice.api.post('/api/v1/rooms.saveRoomSettings', { rid: group._id, roomColour: 'blue' });
      // REST refuses it in ajv's words (Rocket.Chat validates the route's body first); the method says error-invalid-settings.
      expect(unknownKey.body).toMatchObject({
        success: false,
        errorType: 'invalid-params',
        error: 'must NOT have additional properties [invalid-params]',
      });
      const notOwner = await bob.api.post('/api/v1/rooms.saveRoomSettings', { rid: group._id, reactWhenReadOnly: false });
      expect(notOwner.body).toMatchObject({ success: false, errorType: 'error-action-not-allowed' });
      expect((await room(group._id)).reactWhenReadOnly).toBe(true);
    });

    it('encrypted: private groups and direct messages only; a DM member may toggle it without edit-room', async () => {
      const onChannel = await alice.api.post('/api/v1/rooms.saveRoomSettings', { rid: channel._id, encrypted: true });
      expect(onChannel.body).toMatchObject({ success: false, errorType: 'error-action-not-allowed' });
      expect(onChannel.body.error).toContain('Only groups or direct channels can enable encryption');

      ok(await alice.api.post('/api/v1/rooms.saveRoomSettings', { rid: group._id, encrypted: true }));
      expect((await room(group._id)).encrypted).toBe(true);
      expect(await systemTypes(group._id)).toContain('room_e2e_enabled');

      const dm = ok(await bob.api.post('/api/v1/im.create', { username: carol.username })).room;
      const ddp = await DdpClient.connect(t.stack.gatewayUrl());
      try {
        await ddp.login(bob.username, PASSWORD);
        expect(await ddp.call('saveRoomSettings', dm.rid ?? dm._id, 'encrypted', true)).toEqual({ result: true, rid: dm._id });
        await expect(ddp.call('saveRoomSettings', dm._id, 'roomTopic', 'no edit-room here')).rejects.toMatchObject({
          error: { error: 'error-action-not-allowed' },
        });
        await expect(ddp.call('saveRoomSettings', dm._id, { roomColour: 'blue' })).rejects.toMatchObject({
          error: { error: 'error-invalid-settings' },
        });
      } finally {
        await ddp.close();
      }
      expect((await room(dm._id, bob)).encrypted).toBe(true);
    });

    it('retention: edit-room-retention-policy for any change; stored under `retention`', async () => {
      const refused = await alice.api.post('/api/v1/rooms.saveRoomSettings', { rid: group._id, retentionEnabled: true });
      expect(refused.body).toMatchObject({ success: false, errorType: 'error-action-not-allowed' });
      expect(refused.body.error).toContain('Editing room retention policy is not allowed');
      ok(
        await t.admin.post('/api/v1/rooms.saveRoomSettings', {
          rid: group._id,
          retentionEnabled: true,
          retentionOverrideGlobal: true,
          retentionMaxAge: 7,
          retentionExcludePinned: true,
          retentionFilesOnly: false,
          retentionIgnoreThreads: true,
        }),
      );
      expect((await room(group._id)).retention).toEqual({
        enabled: true,
        overrideGlobal: true,
        maxAge: 7,
        excludePinned: true,
        filesOnly: false,
        ignoreThreads: true,
      });
      // Back to the global policy: the room's own values stay as they were (Rocket.Chat's rule).
      ok(await t.admin.post('/api/v1/rooms.saveRoomSettings', { rid: group._id, retentionOverrideGlobal: false, retentionMaxAge: 1 }));
      expect((await room(group._id)).retention).toMatchObject({ overrideGlobal: false, maxAge: 7 });
    });
  });

  describe('the retention policy prune', () => {
    it('prunes on its schedule a room with its own policy (pinned kept), leaves the others, each run claimed by one instance', async () => {
      const own = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('retained') })).channel;
      const other = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('untouched') })).channel;
      const pinned = await send(alice, own._id, 'pinned, stays');
      ok(await alice.api.post('/api/v1/chat.pinMessage', { messageId: pinned._id }));
      const old = await send(alice, own._id, 'goes');
      await send(alice, other._id, 'stays too');
      ok(
        await t.admin.post('/api/v1/rooms.saveRoomSettings', {
          rid: own._id,
          retentionEnabled: true,
          retentionOverrideGlobal: true,
          retentionMaxAge: 0,
          retentionExcludePinned: true,
        }),
      );

      await setSetting('RetentionPolicy_Advanced_Precision_Cron', '*/2 * * * * *');
      await setSetting('RetentionPolicy_Advanced_Precision', true);
      await setSetting('RetentionPolicy_Enabled', true);
      try {
        const texts = async (rid: string) =>
          (ok(await alice.api.get('/api/v1/channels.messages', { roomId: rid })).messages as Message[]).map((m) => m.msg);
        await waitFor(async () => !(await texts(own._id)).includes('goes'), { timeoutMs: 20_000, describe: () => 'the prune' });
        expect(await texts(own._id)).toContain('pinned, stays');
        expect(await texts(other._id)).toEqual(['stays too']);
        expect((await alice.api.get('/api/v1/chat.getMessage', { msgId: old._id })).body.success).toBe(false);

        // Every scheduled run is one document, claimed by one instance; a few more runs come and go.
        const runs = db.collection<{ _id: string; job: string; due: Date; instance: string }>('rocketchat_job_runs');
        const before = await runs.countDocuments({ job: 'retention-prune' });
        await waitFor(async () => (await runs.countDocuments({ job: 'retention-prune' })) >= before + 2, {
          timeoutMs: 15_000,
          describe: () => 'two more runs',
        });
        const all = await runs.find({ job: 'retention-prune' }).toArray();
        expect(new Set(all.map((run) => run.due.getTime())).size).toBe(all.length);
        expect(all.every((run) => run._id === `retention-prune@${run.due.toISOString()}` && run.instance.length > 0)).toBe(true);
      } finally {
        await setSetting('RetentionPolicy_Enabled', false);
      }
    });
  });

  describe('the moderation console', () => {
    let channel: { _id: string };
    let reported: Message;
    let another: Message;

    beforeAll(async () => {
      channel = ok(
        await alice.api.post('/api/v1/channels.create', { name: uniqueName('moderated'), members: [bob.username, carol.username] }),
      ).channel;
      reported = await send(alice, channel._id, 'something rude');
      another = await send(alice, channel._id, 'something ruder');
      ok(await bob.api.post('/api/v1/chat.reportMessage', { messageId: reported._id, description: 'rude' }));
      ok(await carol.api.post('/api/v1/chat.reportMessage', { messageId: reported._id, description: 'very rude' }));
      ok(await bob.api.post('/api/v1/chat.reportMessage', { messageId: another._id, description: 'ruder' }));
      ok(await carol.api.post('/api/v1/users.reportUser', { userId: alice.id, description: 'keeps being rude' }));
    });

    it('needs view-moderation-console to read and manage-moderation-actions to act', async () => {
      const read = await alice.api.get('/api/v1/moderation.reportsByUsers');
      expect(read.status).toBe(403);
      expect(read.body).toMatchObject({ success: false, error: expect.stringContaining('unauthorized') });
      const act = await bob.api.post('/api/v1/moderation.dismissReports', { msgId: reported._id });
      expect(act.status).toBe(403);
    });

    it('lists reported messages grouped by author, a message’s reports, one report, a user’s reported messages', async () => {
      const { reports, total } = ok(await t.admin.get('/api/v1/moderation.reportsByUsers', { selector: 'rude' }));
      const mine = reports.find((r: { userId: string }) => r.userId === alice.id);
      expect(mine).toMatchObject({
        username: alice.username,
        count: 3,
        isUserDeleted: false,
        rooms: [expect.objectContaining({ _id: channel._id })],
      });
      expect(total).toBeGreaterThanOrEqual(1);

      const ofMessage = ok(await t.admin.get('/api/v1/moderation.reports', { msgId: reported._id }));
      expect(ofMessage).toMatchObject({ count: 2, total: 2, offset: 0 });
      expect(ofMessage.reports.map((r: { reportedBy: { username: string } }) => r.reportedBy.username).sort()).toEqual(
        [bob.username, carol.username].sort(),
      );
      const info = ok(await t.admin.get('/api/v1/moderation.reportInfo', { reportId: ofMessage.reports[0]._id })).report;
      expect(info).toMatchObject({ message: { _id: reported._id }, room: { _id: channel._id } });
      const missing = await t.admin.get('/api/v1/moderation.reportInfo', { reportId: 'no-such-report' });
      expect(missing.body).toMatchObject({ success: false, errorType: 'error-report-not-found' });

      const messages = ok(await t.admin.get('/api/v1/moderation.user.reportedMessages', { userId: alice.id }));
      expect(messages).toMatchObject({ user: { _id: alice.id, username: alice.username }, count: 3, total: 3 });
      expect(messages.messages.map((r: { message: Message }) => r.message._id).sort()).toEqual([reported._id, another._id].sort());

      const users = ok(await t.admin.get('/api/v1/moderation.userReports', { selector: alice.username }));
      expect(users.reports).toEqual([expect.objectContaining({ reportedUser: expect.objectContaining({ _id: alice.id }), count: 1 })]);
      const ofUser = ok(await t.admin.get('/api/v1/moderation.user.reportsByUserId', { userId: alice.id }));
      expect(ofUser).toMatchObject({ user: { _id: alice.id, username: alice.username }, count: 1, total: 1 });
      expect(ofUser.user.emails).toEqual([expect.objectContaining({ address: `${alice.username}@core.e2e.test` })]);

      const badSort = await t.admin.get('/api/v1/moderation.reports', { msgId: reported._id, sort: '{"$where":1}' });
      expect(badSort.body.success).toBe(false);
    });

    it('dismisses the reports of a message (hidden, with who and why), then deletes the rest of the user’s reported messages', async () => {
      const none = await t.admin.post('/api/v1/moderation.dismissReports', { msgId: 'no-such-message' });
      expect(none.body).toMatchObject({ success: false, errorType: 'no-reports-found' });
      const neither = await t.admin.post('/api/v1/moderation.dismissReports', { reason: 'which?' });
      expect(neither.body).toMatchObject({ success: false, errorType: 'invalid-params' });

      ok(await t.admin.post('/api/v1/moderation.dismissReports', { msgId: reported._id, reason: 'banter', action: 'None' }));
      expect(ok(await t.admin.get('/api/v1/moderation.reports', { msgId: reported._id })).total).toBe(0);
      const hidden = await db.collection('rocketchat_moderation_reports').findOne({ 'message._id': reported._id });
      expect(hidden).toMatchObject({
        _hidden: true,
        moderationInfo: { reason: 'banter', action: 'None', moderatedBy: expect.any(String) },
      });

      const notAllowed = await bob.api.post('/api/v1/moderation.user.deleteReportedMessages', { userId: alice.id });
      expect(notAllowed.status).toBe(403);
      ok(await t.admin.post('/api/v1/moderation.user.deleteReportedMessages', { userId: alice.id, reason: 'too rude' }));
      expect((await bob.api.get('/api/v1/chat.getMessage', { msgId: another._id })).body.success).toBe(false);
      expect(ok(await bob.api.get('/api/v1/chat.getMessage', { msgId: reported._id })).message.msg).toBe('something rude');
      const again = await t.admin.post('/api/v1/moderation.user.deleteReportedMessages', { userId: alice.id });
      expect(again.body).toMatchObject({ success: false });
      expect(again.body.error).toContain('No reported messages found for this user.');
    });

    it('dismisses the reports of a user', async () => {
      const missing = await t.admin.post('/api/v1/moderation.dismissUserReports', {});
      expect(missing.body).toMatchObject({ success: false, errorType: 'error-user-id-param-not-provided' });
      ok(await t.admin.post('/api/v1/moderation.dismissUserReports', { userId: alice.id, reason: 'settled' }));
      expect(ok(await t.admin.get('/api/v1/moderation.user.reportsByUserId', { userId: alice.id })).total).toBe(0);
      expect(ok(await t.admin.get('/api/v1/moderation.userReports', { selector: alice.username })).reports).toEqual([]);
    });
  });
});
