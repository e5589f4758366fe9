import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mongoose from 'mongoose';
import { queryPlans } from '../support/query-plans.js';
import { DdpClient, DdpError } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';
import { createUser, ok, PASSWORD, uniqueName, type CoreUser } from './support/core-fixtures.js';

type Message = Record<string, any> & { _id: string; msg: string };

/**
 * Message search as Rocket.Chat's clients run it — REST `chat.search` (the mobile app) and the search
 * provider's methods (`rocketchatSearch.*`, the web client) — with Rocket.Chat's query syntax, against the real
 * processes: never a room the caller cannot read, and no collection scan of the messages.
 */
describe('message search: chat.search and rocketchatSearch', () => {
  const t = useStack();
  let alice: CoreUser;
  let bob: CoreUser;
  let carol: CoreUser;
  let aliceDdp: DdpClient;
  let carolDdp: DdpClient;
  let db: mongoose.Connection;
  let channel: { _id: string; name: string };
  let group: { _id: string; name: string };
  const m: Record<string, Message> = {};

  const send = async (user: CoreUser, rid: string, msg: string): Promise<Message> =>
    ok(await user.api.post('/api/v1/chat.sendMessage', { message: { rid, msg } })).message;
  const search = async (user: CoreUser, searchText: string, roomId = channel._id, extra: Record<string, string> = {}) =>
    ok(await user.api.get('/api/v1/chat.search', { roomId, searchText, ...extra })).messages.map((found: Message) => found.msg);
  const ddpError = (call: Promise<unknown>) =>
    call.then(
      () => {
        throw new Error('expected a DDP error');
      },
      (error: DdpError) => error.error,
    );
  /** Settings reach core through a broadcast: wait until a search shows the new value is in force. */
  const until = async (condition: () => Promise<boolean>) => {
    for (let attempt = 0; attempt < 200; attempt++) {
      if (await condition()) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error('condition never met');
  };
  const today = () => {
    const now = new Date();
    return { d: now.getUTCDate(), m: now.getUTCMonth() + 1, y: now.getUTCFullYear() };
  };

  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((prefix) => createUser(t.admin, prefix)));
    channel = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('srch'), members: [bob.username] })).channel;
    group = ok(await alice.api.post('/api/v1/groups.create', { name: uniqueName('srch-priv'), members: [bob.username] })).group;
    m.fox = await send(alice, channel._id, 'the quick brown fox');
    m.dog = await send(bob, channel._id, `hello @${alice.username}, the lazy dog`);
    m.link = await send(alice, channel._id, 'see https://example.com for more');
    m.pinned = await send(alice, channel._id, 'a pinned note');
    m.secret = await send(alice, group._id, 'the quick secret plan');
    ok(await alice.api.post('/api/v1/chat.pinMessage', { messageId: m.pinned._id }));
    ok(await bob.api.post('/api/v1/chat.starMessage', { messageId: m.fox._id }));
    [aliceDdp, carolDdp] = await Promise.all([DdpClient.connect(t.stack.gatewayUrl()), DdpClient.connect(t.stack.gatewayUrl())]);
    await Promise.all([aliceDdp.login(alice.username, PASSWORD), carolDdp.login(carol.username, PASSWORD)]);
    db = await mongoose.createConnection(t.stack.mongoUrl).asPromise();
  });

  afterAll(async () => {
    await Promise.all([aliceDdp?.close(), carolDdp?.close(), db?.close()]);
  });

  it('finds text literally and case-insensitively, newest first, or oldest first with order:asc', async () => {
    expect(await search(bob, 'QUICK')).toEqual(['the quick brown fox']);
    expect(await search(bob, 'the')).toEqual([m.dog.msg, m.fox.msg]);
    expect(await search(bob, 'the order:asc')).toEqual([m.fox.msg, m.dog.msg]);
    expect(await search(bob, '/^the qu/')).toEqual([m.fox.msg]);
    // A single character is no text condition, and no condition at all finds nothing.
    expect(await search(bob, 'x')).toEqual([]);
  });

  it("filters by author, mention, the caller's stars, pins, links and dates", async () => {
    expect(await search(bob, 'from:me')).toEqual([m.dog.msg]);
    expect(await search(bob, `from:${alice.username} the`)).toEqual([m.fox.msg]);
    expect(await search(bob, `mention:${alice.username}`)).toEqual([m.dog.msg]);
    expect(await search(bob, 'has:star')).toEqual([m.fox.msg]);
    expect(await search(alice, 'has:star')).toEqual([]);
    expect(await search(bob, 'is:pinned')).toEqual([m.pinned.msg]);
    expect(await search(bob, 'has:url')).toEqual([m.link.msg]);
    const { d, m: month, y } = today();
    expect(await search(bob, `on:${d}/${month}/${y} fox`)).toEqual([m.fox.msg]);
    expect(await search(bob, `before:${d}/${month}/${y} fox`)).toEqual([]);
    expect(await search(bob, `after:${d}/${month}/${y - 1} fox`)).toEqual([m.fox.msg]);
    expect(await search(bob, 'the', channel._id, { count: '1', offset: '1' })).toEqual([m.fox.msg]);
  });

  it("refuses a room the caller cannot read, a missing parameter and a pattern that does not compile, in Rocket.Chat's ids", async () => {
    const refused = await carol.api.get('/api/v1/chat.search', { roomId: group._id, searchText: 'quick' });
    expect(refused.body).toMatchObject({ success: false, errorType: 'error-not-allowed' });
    expect((await bob.api.get('/api/v1/chat.search', { roomId: channel._id })).body).toMatchObject({
      success: false,
      errorType: 'error-searchText-param-not-provided',
    });
    expect((await bob.api.get('/api/v1/chat.search', { searchText: 'quick' })).body).toMatchObject({
      errorType: 'error-roomId-param-not-provided',
    });
    expect((await bob.api.get('/api/v1/chat.search', { roomId: channel._id, searchText: '/a(b/' })).body).toMatchObject({
      errorType: 'error-invalid-regular-expression',
    });
  });

  it("describes the default provider and answers its searches in Rocket.Chat's shape", async () => {
    await expect(aliceDdp.call('rocketchatSearch.getProvider')).resolves.toEqual({
      key: 'defaultProvider',
      description: 'You_can_search_using_RegExp_eg',
      icon: 'magnifier',
      resultTemplate: 'DefaultSearchResultTemplate',
      supportsSuggestions: false,
      suggestionItemTemplate: 'DefaultSuggestionItemTemplate',
      settings: { GlobalSearchEnabled: false, PageSize: 10 },
    });
    const result = await aliceDdp.call('rocketchatSearch.search', 'quick', { rid: group._id, uid: alice.id }, { limit: 5 });
    expect(result.message.docs).toHaveLength(1);
    expect(result.message.docs[0]).toMatchObject({
      _id: m.secret._id,
      msg: 'the quick secret plan',
      user: alice.id,
      username: alice.username,
      r: { name: group.name, t: 'p' },
      valid: true,
    });
    // A room the caller cannot read: no `message` at all, as Rocket.Chat's result validation leaves it.
    await expect(carolDdp.call('rocketchatSearch.search', 'quick', { rid: group._id, uid: carol.id }, null)).resolves.toEqual({});
    // Every room of the caller only with the provider's global search on.
    await expect(aliceDdp.call('rocketchatSearch.search', 'quick', { rid: channel._id }, { searchAll: true })).resolves.toEqual({
      message: { docs: [] },
    });
    await expect(aliceDdp.call('rocketchatSearch.suggest', 'qu', { rid: channel._id }, {})).resolves.toEqual([]);
    // The method the provider runs: raw messages, or false for a room the caller cannot read.
    const raw = await aliceDdp.call('messageSearch', 'the', channel._id, 1, 1);
    expect(raw.message.docs.map((doc: Message) => doc._id)).toEqual([m.fox._id]);
    await expect(carolDdp.call('messageSearch', 'quick', group._id)).resolves.toBe(false);
    expect(await ddpError(aliceDdp.call('rocketchatSearch.search', { $ne: null }, { rid: channel._id }, {}))).toMatchObject({
      error: 'invalid-params',
    });
  });

  it('searches every room of the caller with global search on, and still none of the others', async () => {
    ok(await t.admin.post('/api/v1/settings/Search.defaultProvider.GlobalSearchEnabled', { value: true }));
    const everywhere = async (client: DdpClient) =>
      (await client.call('rocketchatSearch.search', 'quick', { rid: channel._id }, { searchAll: true })).message.docs.map(
        (doc: Message) => doc.msg,
      );
    await until(async () => (await everywhere(aliceDdp)).length > 0);
    expect(await everywhere(aliceDdp)).toEqual(['the quick secret plan', 'the quick brown fox']);
    expect(await everywhere(carolDdp)).toEqual([]);
    await expect(aliceDdp.call('rocketchatSearch.getProvider')).resolves.toMatchObject({ settings: { GlobalSearchEnabled: true } });
    ok(await t.admin.post('/api/v1/settings/Search.defaultProvider.GlobalSearchEnabled', { value: false }));
  });

  it('searches without a collection scan of the messages on the local database', async () => {
    await queryPlans(db, ['rocketchat_message']);
    for (const text of ['quick', 'from:me', 'has:star', 'is:pinned', 'order:asc the', `mention:${alice.username}`]) await search(bob, text);
    await aliceDdp.call('rocketchatSearch.search', 'quick', { rid: group._id }, {});
    expect((await queryPlans(db, ['rocketchat_message'])).scans).toEqual([]);
  });
});
