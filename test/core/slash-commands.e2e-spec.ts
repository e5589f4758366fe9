import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DdpClient, type StreamPush } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';
import { createUser, ok, PASSWORD, StackProbe, uniqueName, type CoreUser } from './support/core-fixtures.js';

interface Member extends CoreUser {
  socket: DdpClient;
}

/**
 * Slash commands through REST (`commands.*`) and DDP (`slashCommand`): the list the clients load, Rocket.Chat's
 * built-ins doing what their REST equivalents do, each with its permission, and every refusal answered to the
 * caller alone as an ephemeral message that changes nothing.
 */
describe('slash commands', () => {
  const t = useStack();
  let owner: Member;
  let member: Member;
  let outsider: Member;
  let probe: StackProbe;
  let channel: { _id: string; name: string };

  const connect = async (user: CoreUser): Promise<Member> => {
    const socket = await DdpClient.connect(t.stack.gatewayUrl());
    await socket.login(user.username, PASSWORD);
    await socket.stream('notify-user', `${user.id}/message`);
    return { ...user, socket };
  };
  const run = (user: CoreUser, command: string, params: string, roomId = channel._id) =>
    user.api.post('/api/v1/commands.run', { command, params, roomId });
  /** The next ephemeral message to `user` whose text contains `text`. */
  const ephemeral = (user: Member, text: string): Promise<StreamPush> =>
    user.socket.nextPush('notify-user', `${user.id}/message`, (push) => String(push.args[0]?.msg).includes(text));
  const subscribed = async (rid: string, userId: string) =>
    (await probe.db.collection('rocketchat_subscription').countDocuments({ rid, 'u._id': userId })) === 1;
  const room = (rid: string) => probe.db.collection('rocketchat_room').findOne({ _id: rid as never });
  const lastMessage = (rid: string, userId: string) =>
    probe.db.collection('rocketchat_message').findOne({ rid, 'u._id': userId, t: { $exists: false } }, { sort: { ts: -1 } });

  beforeAll(async () => {
    const [o, m, x] = await Promise.all([createUser(t.admin, 'owner'), createUser(t.admin, 'member'), createUser(t.admin, 'outsider')]);
    [owner, member, outsider] = await Promise.all([connect(o), connect(m), connect(x)]);
    probe = await StackProbe.open(t.stack);
    channel = ok(await owner.api.post('/api/v1/channels.create', { name: uniqueName('ops'), members: [member.username] })).channel;
  });

  afterAll(async () => {
    await Promise.all([owner, member, outsider].map((u) => u?.socket.close()));
    await probe?.close();
  });

  it('lists the built-ins as the clients load them at start-up, with paging, query, sort and fields', async () => {
    const all = ok(await member.api.get('/api/v1/commands.list', { count: 100 }));
    const names = all.commands.map((c: { command: string }) => c.command);
    expect(names).toEqual([...names].sort());
    for (const name of [
      'join',
      'leave',
      'part',
      'invite',
      'kick',
      'mute',
      'unmute',
      'topic',
      'archive',
      'unarchive',
      'create',
      'msg',
      'me',
      'status',
    ])
      expect(names).toContain(name);
    for (const name of ['shrug', 'tableflip', 'unflip', 'gimme', 'lennyface', 'hide', 'invite-all-to', 'invite-all-from', 'help', 'logout'])
      expect(names).toContain(name);
    expect(all).toMatchObject({ appsLoaded: true, offset: 0, count: names.length, total: names.length });
    expect(all.commands.find((c: { command: string }) => c.command === 'kick')).toEqual({
      command: 'kick',
      params: '@username',
      description: 'Remove_someone_from_room',
      permission: 'remove-user',
      clientOnly: false,
      providesPreview: false,
    });

    const page = ok(await member.api.get('/api/v1/commands.list', { offset: 2, count: 3, sort: JSON.stringify({ command: -1 }) }));
    expect(page.commands.map((c: { command: string }) => c.command)).toEqual([...names].reverse().slice(2, 5));
    expect(page).toMatchObject({ offset: 2, count: 3, total: names.length });
    const one = ok(
      await member.api.get('/api/v1/commands.list', {
        query: JSON.stringify({ command: 'join' }),
        fields: JSON.stringify({ command: 1, params: 1 }),
      }),
    );
    expect(one.commands).toEqual([{ command: 'join', params: '#channel' }]);
    expect((await member.api.get('/api/v1/commands.list', { query: JSON.stringify({ command: { $ne: null } }) })).status).toBe(400);
    expect((await member.api.get('/api/v1/commands.list', { query: '{not json' })).body.errorType).toBe('error-invalid-query');

    expect(ok(await member.api.get('/api/v1/commands.get', { command: 'JOIN' })).command).toMatchObject({
      command: 'join',
      params: '#channel',
    });
    expect((await member.api.get('/api/v1/commands.get', { command: 'nope' })).body.errorType).toBe('error-invalid-command');
    expect((await t.api.get('/api/v1/commands.list')).status).toBe(401);
  });

  it('refuses unknown commands, rooms the caller cannot access and threads of another room', async () => {
    expect((await run(member, 'nope', '')).body).toMatchObject({ success: false, errorType: 'error-invalid-command' });
    const secret = ok(await owner.api.post('/api/v1/groups.create', { name: uniqueName('secret') })).group;
    const forbidden = await run(outsider, 'me', 'waves', secret._id);
    expect(forbidden.status).toBe(403);
    expect(await lastMessage(secret._id, outsider.id)).toBeNull();
    const elsewhere = ok(await member.api.post('/api/v1/chat.sendMessage', { message: { rid: 'GENERAL', msg: 'thread root' } })).message;
    const wrongThread = await member.api.post('/api/v1/commands.run', {
      command: 'me',
      params: 'x',
      roomId: channel._id,
      tmid: elsewhere._id,
    });
    expect(wrongThread.body).toMatchObject({ success: false, error: expect.stringContaining('Invalid thread.') });
    expect((await member.api.post('/api/v1/commands.run', { command: 'me' })).body.errorType).toBe('invalid-params');
    await expect(member.socket.call('slashCommand', { cmd: 'nope', params: '', msg: { rid: channel._id } })).rejects.toMatchObject({
      error: { error: 'error-invalid-command' },
    });
  });

  it('posts /me, /shrug, /gimme and the other ascii arts as the caller, over REST and DDP', async () => {
    ok(await run(member, 'me', 'waves'));
    expect((await lastMessage(channel._id, member.id))?.msg).toBe('_waves_');
    ok(await run(member, 'shrug', 'oh well'));
    expect((await lastMessage(channel._id, member.id))?.msg).toBe('oh well ¯\\\\_(ツ)_/¯');
    await member.socket.call('slashCommand', { cmd: 'gimme', params: 'cake', msg: { rid: channel._id } });
    expect((await lastMessage(channel._id, member.id))?.msg).toBe('༼ つ ◕_◕ ༽つ cake');
    await member.socket.call('slashCommand', { cmd: 'tableflip', params: '', msg: { rid: channel._id } });
    expect((await lastMessage(channel._id, member.id))?.msg).toBe('(╯°□°）╯︵ ┻━┻');
  });

  it('joins, leaves and hides rooms with /join, /leave (/part over DDP) and /hide', async () => {
    const open = ok(await owner.api.post('/api/v1/channels.create', { name: uniqueName('open') })).channel;
    ok(await run(outsider, 'join', `#${open.name}`, 'GENERAL'));
    expect(await subscribed(open._id, outsider.id)).toBe(true);

    const already = ephemeral(outsider, 'You are already in the channel');
    ok(await run(outsider, 'join', `#${open.name}`, 'GENERAL'));
    const answer = (await already).args[0];
    expect(answer).toMatchObject({ rid: 'GENERAL', private: true, u: { username: 'rocket.cat' } });
    expect(await probe.db.collection('rocketchat_message').countDocuments({ _id: answer._id })).toBe(0);

    // A private group is "not found" to someone outside it: no join, no hint that it exists.
    const secret = ok(await owner.api.post('/api/v1/groups.create', { name: uniqueName('hidden') })).group;
    const missing = ephemeral(outsider, `\`#${secret.name}\` does not exist`);
    ok(await run(outsider, 'join', `#${secret.name}`, 'GENERAL'));
    await missing;
    expect(await subscribed(secret._id, outsider.id)).toBe(false);

    await outsider.socket.call('slashCommand', { cmd: 'part', params: '', msg: { rid: open._id } });
    expect(await subscribed(open._id, outsider.id)).toBe(false);

    ok(await run(member, 'hide', '', channel._id));
    expect((await probe.db.collection('rocketchat_subscription').findOne({ rid: channel._id, 'u._id': member.id }))?.open).toBe(false);
  });

  it('invites and kicks with the room permissions: refused for a plain member, done for the owner', async () => {
    const denied = ephemeral(member, 'You do not have permission to use /kick');
    ok(await run(member, 'kick', `@${owner.username}`));
    await denied;
    expect(await subscribed(channel._id, owner.id)).toBe(true);

    const unknown = ephemeral(owner, 'The username `ghost-user` does not exist');
    ok(await run(owner, 'invite', `@${outsider.username} @ghost-user`));
    await unknown;
    expect(await subscribed(channel._id, outsider.id)).toBe(true);

    ok(await run(owner, 'kick', `@${outsider.username}`));
    expect(await subscribed(channel._id, outsider.id)).toBe(false);
    const notHere = ephemeral(owner, `The user \`${outsider.username}\` is not in this room`);
    ok(await run(owner, 'kick', `@${outsider.username}`));
    await notHere;
  });

  it('mutes and unmutes with mute-user: a muted member cannot post until unmuted', async () => {
    const denied = ephemeral(member, 'You do not have permission to use /mute');
    ok(await run(member, 'mute', `@${owner.username}`));
    await denied;
    expect((await room(channel._id))?.muted ?? []).not.toContain(owner.username);

    ok(await run(owner, 'mute', `@${member.username}`));
    expect((await room(channel._id))?.muted).toContain(member.username);
    const silenced = await member.api.post('/api/v1/chat.sendMessage', { message: { rid: channel._id, msg: 'can you hear me?' } });
    expect(silenced.body).toEqual({ success: false, error: 'You_have_been_muted' });
    expect(
      await probe.db.collection('rocketchat_message').countDocuments({ rid: channel._id, t: 'user-muted', msg: member.username }),
    ).toBe(1);

    await owner.socket.call('slashCommand', { cmd: 'unmute', params: `@${member.username}`, msg: { rid: channel._id } });
    expect((await room(channel._id))?.muted).not.toContain(member.username);
    ok(await member.api.post('/api/v1/chat.sendMessage', { message: { rid: channel._id, msg: 'back' } }));

    const notHere = ephemeral(owner, `The user \`${outsider.username}\` is not in this room`);
    ok(await run(owner, 'mute', `@${outsider.username}`));
    await notHere;
    await expect(owner.socket.call('muteUserInRoom', { rid: channel._id, username: 'ghost-user' })).rejects.toMatchObject({
      error: { error: 'error-invalid-user' },
    });
    // The REST routes of Rocket.Chat 7 do the same.
    ok(await owner.api.post('/api/v1/rooms.muteUser', { roomId: channel._id, userId: member.id }));
    expect((await room(channel._id))?.muted).toContain(member.username);
    expect((await member.api.post('/api/v1/rooms.unmuteUser', { roomId: channel._id, userId: owner.id })).body.errorType).toBe(
      'error-not-allowed',
    );
    ok(await owner.api.post('/api/v1/rooms.unmuteUser', { roomId: channel._id, username: member.username }));
    expect((await room(channel._id))?.muted).not.toContain(member.username);
  });

  it('invites every member of one room into another with /invite-all-from and /invite-all-to', async () => {
    const target = ok(await owner.api.post('/api/v1/channels.create', { name: uniqueName('target') })).channel;
    const added = ephemeral(owner, 'The users have been added.');
    ok(await run(owner, 'invite-all-from', `#${channel.name}`, target._id));
    await added;
    expect(await subscribed(target._id, member.id)).toBe(true);

    const other = ok(await owner.api.post('/api/v1/channels.create', { name: uniqueName('other') })).channel;
    ok(await run(owner, 'invite-all-to', `#${other.name}`, target._id));
    expect(await subscribed(other._id, member.id)).toBe(true);

    const hidden = ok(await outsider.api.post('/api/v1/groups.create', { name: uniqueName('private') })).group;
    const notFound = ephemeral(owner, 'does not exist');
    ok(await run(owner, 'invite-all-from', `#${hidden.name}`, target._id));
    await notFound;
  });

  it('sets the topic and archives with the right permissions only', async () => {
    const refused = ephemeral(member, 'You do not have permission to use /topic');
    ok(await run(member, 'topic', 'hijacked'));
    await refused;
    expect((await room(channel._id))?.topic).toBeUndefined();
    ok(await run(owner, 'topic', 'Release train'));
    expect((await room(channel._id))?.topic).toBe('Release train');

    const scratch = ok(await owner.api.post('/api/v1/channels.create', { name: uniqueName('scratch') })).channel;
    const archived = ephemeral(owner, 'has been archived successfully');
    ok(await run(owner, 'archive', `#${scratch.name}`));
    await archived;
    expect((await room(scratch._id))?.archived).toBe(true);
    const noUnarchive = ephemeral(owner, 'You do not have permission to use /unarchive');
    ok(await run(owner, 'unarchive', `#${scratch.name}`));
    await noUnarchive;
    expect((await room(scratch._id))?.archived).toBe(true);
    ok(await t.admin.post('/api/v1/commands.run', { command: 'unarchive', params: `#${scratch.name}`, roomId: 'GENERAL' }));
    expect((await room(scratch._id))?.archived).toBe(false);
  });

  it('creates rooms, sends direct messages and sets the status text', async () => {
    const name = uniqueName('made');
    ok(await run(member, 'create', `#${name} private`));
    const created = await probe.db.collection('rocketchat_room').findOne({ name });
    expect(created).toMatchObject({ t: 'p', u: { _id: member.id } });
    const taken = ephemeral(member, `The channel \`#${name}\` already exists.`);
    ok(await run(member, 'create', `#${name}`));
    await taken;
    expect(await probe.db.collection('rocketchat_room').countDocuments({ name })).toBe(1);

    ok(await run(member, 'msg', `@${owner.username} psst, over here`));
    const dm = await probe.db.collection('rocketchat_room').findOne({ t: 'd', uids: { $all: [member.id, owner.id] } });
    expect((await lastMessage(String(dm?._id), member.id))?.msg).toBe('psst, over here');
    const usage = ephemeral(member, 'Invalid command usage');
    ok(await run(member, 'msg', `@${owner.username}`));
    await usage;

    const changed = ephemeral(member, 'Status message changed successfully.');
    ok(await run(member, 'status', 'On call'));
    await changed;
    expect(ok(await t.admin.get('/api/v1/users.info', { userId: member.id })).user.statusText).toBe('On call');
  });

  it('answers /help with the commands, and no previews for the built-ins', async () => {
    const help = ephemeral(member, '/join #channel');
    ok(await run(member, 'help', ''));
    expect((await help).args[0].msg).toContain('/kick @username');

    expect(ok(await member.api.get('/api/v1/commands.preview', { command: 'join', params: '#', roomId: channel._id })).preview).toEqual({
      i18nTitle: '',
      items: [],
    });
    expect(await member.socket.call('getSlashCommandPreviews', { cmd: 'join', params: '#', msg: { rid: channel._id } })).toBeUndefined();
    const execute = await member.api.post('/api/v1/commands.preview', {
      command: 'join',
      roomId: channel._id,
      previewItem: { id: '1', type: 'text', value: 'x' },
    });
    expect(execute.body.errorType).toBe('error-invalid-command-preview');
    const secret = ok(await owner.api.post('/api/v1/groups.create', { name: uniqueName('closed') })).group;
    expect((await outsider.api.get('/api/v1/commands.preview', { command: 'join', roomId: secret._id })).status).toBe(403);
  });
});
