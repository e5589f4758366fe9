import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { DdpClient } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';
import { decompressionBomb } from '../uploads/support/images.js';
import { postForm } from '../uploads/support/multipart.js';
import { createUser, ok, PASSWORD, StackProbe, uniqueName, type CoreUser } from './support/core-fixtures.js';

/** A photo as phones send it: JPEG, EXIF orientation and a camera owner's name in the metadata. */
const photo = (width: number, height: number, colour = { r: 30, g: 140, b: 60 }) =>
  sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg()
    .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: 'camera-owner-name' } } })
    .toBuffer();
const pngOf = (size: number) =>
  sharp({ create: { width: size, height: size, channels: 4, background: '#3366ff' } })
    .png()
    .toBuffer();

/** An image server outside the stack, on this machine (core may reach 127.0.0.1 only: `AVATAR_URL_ALLOWED_ADDRESSES`). */
class ImageHost {
  readonly hits: string[] = [];
  private server!: Server;
  port = 0;

  async start(image: Buffer): Promise<void> {
    this.server = createServer((request, response) => {
      this.hits.push(request.url ?? '');
      if (request.url === '/avatar.png') response.writeHead(200, { 'content-type': 'image/png' }).end(image);
      else if (request.url === '/page') response.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.server.listen(0, '0.0.0.0', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('avatars', () => {
  const t = useStack({ appEnv: { core: { AVATAR_URL_ALLOWED_ADDRESSES: '127.0.0.1' } } });
  const host = new ImageHost();
  let probe: StackProbe;
  let alice: CoreUser;
  let bob: CoreUser;
  let bobSocket: DdpClient;
  const base = () => t.stack.gatewayUrl();
  const avatarDocs = (query: Record<string, unknown> = {}) => probe.db.collection('rocketchat_avatars').find(query).toArray();
  const storedBodies = () => probe.db.collection('rocketchat_avatars.files').countDocuments();
  const userDoc = (id: string) => probe.db.collection('users').findOne({ _id: id as never });
  const fetchAvatar = (path: string, headers: Record<string, string> = {}) => fetch(`${base()}${path}`, { headers });
  const imageOf = async (response: Response) => sharp(Buffer.from(await response.arrayBuffer())).metadata();
  const setSetting = async (id: string, value: unknown) => ok(await t.admin.post(`/api/v1/settings/${id}`, { value }));

  beforeAll(async () => {
    probe = await StackProbe.open(t.stack);
    await host.start(await pngOf(300));
    [alice, bob] = await Promise.all([createUser(t.admin, 'alice'), createUser(t.admin, 'bob')]);
    bobSocket = await DdpClient.connect(base());
    await bobSocket.login(bob.username, PASSWORD);
    await bobSocket.stream('notify-logged', 'updateAvatar');
  }, 60_000);
  afterAll(async () => {
    await bobSocket?.close();
    await host.stop();
    await probe?.close();
  });

  it('serves the generated avatar with Rocket.Chat cache headers, as SVG or converted, sized', async () => {
    const svg = await fetchAvatar(`/avatar/${alice.username}`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(svg.headers.get('last-modified')).toBe('Thu, 01 Jan 2015 00:00:00 GMT');
    expect(await svg.text()).toContain('>A</text>');
    const notModified = await fetchAvatar(`/avatar/${alice.username}`, { 'if-modified-since': 'Thu, 01 Jan 2015 00:00:00 GMT' });
    expect(notModified.status).toBe(304);
    const png = await fetchAvatar(`/avatar/${alice.username}?format=png&size=64`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(await imageOf(png)).toMatchObject({ format: 'png', width: 64, height: 64 });
    expect((await fetchAvatar(`/avatar/${alice.username}?cacheTime=60`)).headers.get('cache-control')).toBe('public, max-age=60');
  });

  it('users.setAvatar stores an uploaded image cut to 200 px, without EXIF, announces it and serves it', async () => {
    const announced = bobSocket.nextPush('notify-logged', 'updateAvatar', (push) => push.args[0]?.username === alice.username);
    const upload = await postForm(base(), '/api/v1/users.setAvatar', alice.api.credentials, {
      field: 'image',
      name: 'me.jpg',
      type: 'image/jpeg',
      body: await photo(400, 300),
    });
    expect(upload).toEqual({ status: 200, body: { success: true } });
    const { avatarETag, avatarOrigin } = (await userDoc(alice.id))!;
    expect(avatarOrigin).toBe('rest');
    expect((await announced).args[0]).toEqual({ username: alice.username, etag: avatarETag });
    const [doc] = await avatarDocs({ userId: alice.id });
    expect(doc).toMatchObject({ name: alice.username, type: 'image/jpeg', store: 'GridFS:Avatars', etag: avatarETag });
    expect(ok(await bob.api.get('/api/v1/users.info', { userId: alice.id })).user.avatarETag).toBe(avatarETag);

    const served = await fetchAvatar(`/avatar/${alice.username}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('etag')).toBe(`"${avatarETag}"`);
    expect(served.headers.get('content-security-policy')).toBe("default-src 'none'");
    const body = Buffer.from(await served.arrayBuffer());
    expect(body.includes(Buffer.from('camera-owner-name'))).toBe(false);
    expect(await sharp(body).metadata()).toMatchObject({ width: 200, height: 200 });
    expect((await fetchAvatar(`/avatar/${alice.username}`, { 'if-none-match': `"${avatarETag}"` })).status).toBe(304);
    expect((await fetchAvatar(`/avatar/${alice.username}`, { 'if-modified-since': served.headers.get('last-modified')! })).status).toBe(
      304,
    );
    const small = await fetchAvatar(`/avatar/${alice.username}?size=48&format=webp`);
    expect(small.headers.get('etag')).toBe(`"${avatarETag}-48-webp"`);
    expect(await imageOf(small)).toMatchObject({ format: 'webp', width: 48, height: 48 });
    // `@name` always asks for the generated one.
    expect((await fetchAvatar(`/avatar/@${alice.username}`)).headers.get('content-type')).toBe('image/svg+xml');

    // A new avatar replaces the old one, metadata and body.
    const before = await storedBodies();
    const again = await postForm(base(), '/api/v1/users.setAvatar', alice.api.credentials, {
      field: 'image',
      name: 'b.png',
      type: 'image/png',
      body: await pngOf(80),
    });
    expect(again).toEqual({ status: 200, body: { success: true } });
    expect(await avatarDocs({ userId: alice.id })).toHaveLength(1);
    expect(await storedBodies()).toBe(before);
    expect((await userDoc(alice.id))!.avatarETag).not.toBe(avatarETag);
  });

  it('refuses bad uploads and other users without the permission, storing nothing', async () => {
    const docs = (await avatarDocs()).length;
    const bodies = await storedBodies();
    const upload = (file: { name: string; type: string; body: Buffer } | undefined, fields: Record<string, string> = {}, field = 'image') =>
      postForm(base(), '/api/v1/users.setAvatar', bob.api.credentials, file && { field, ...file }, fields);
    expect(await upload({ name: 'x.txt', type: 'text/plain', body: Buffer.from('not an image at all') })).toMatchObject({
      status: 400,
      body: { errorType: 'error-invalid-file' },
    });
    expect(await upload({ name: 'bomb.png', type: 'image/png', body: decompressionBomb() })).toMatchObject({
      status: 400,
      body: { errorType: 'error-invalid-file' },
    });
    expect(
      await upload({
        name: 'evil.svg',
        type: 'image/svg+xml',
        body: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'),
      }),
    ).toMatchObject({
      status: 400,
      body: { errorType: 'error-invalid-file' },
    });
    expect(await upload(undefined, { userId: bob.id })).toMatchObject({
      status: 400,
      body: { error: "The 'image' param is required [invalid-params]", errorType: 'invalid-params' },
    });
    expect(await upload({ name: 'a.png', type: 'image/png', body: await pngOf(20) }, {}, 'file')).toMatchObject({
      status: 400,
      body: { errorType: 'invalid-field' },
    });
    expect(await upload({ name: 'a.png', type: 'image/png', body: await pngOf(20) }, { userId: alice.id })).toMatchObject({
      status: 400,
      body: { errorType: 'error-not-allowed' },
    });
    expect(
      await bob.api.post('/api/v1/users.setAvatar', { avatarUrl: `http://127.0.0.1:${host.port}/avatar.png`, userId: alice.id }),
    ).toMatchObject({
      status: 403,
      body: { success: false, error: 'unauthorized' },
    });
    await setSetting('FileUpload_MaxFileSize', 20_000);
    try {
      expect(
        await upload({
          name: 'big.jpg',
          type: 'image/jpeg',
          body: await sharp({
            create: { width: 600, height: 600, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } },
          })
            .jpeg()
            .toBuffer(),
        }),
      ).toMatchObject({
        status: 400,
        body: { errorType: 'error-file-too-large' },
      });
    } finally {
      await setSetting('FileUpload_MaxFileSize', 104_857_600);
    }
    expect((await avatarDocs()).length).toBe(docs);
    expect(await storedBodies()).toBe(bodies);
    expect((await userDoc(bob.id))!.avatarETag).toBeUndefined();
  });

  it('avatarUrl is fetched by the server from allowed addresses only (SSRF), for others with edit-other-user-avatar', async () => {
    host.hits.length = 0;
    const refused = await t.admin.post('/api/v1/users.setAvatar', {
      avatarUrl: `http://127.0.0.2:${host.port}/avatar.png`,
      userId: bob.id,
    });
    expect(refused).toMatchObject({ status: 400, body: { errorType: 'error-avatar-invalid-url' } });
    expect(refused.body.error).toContain('not allowed');
    expect(
      await t.admin.post('/api/v1/users.setAvatar', { avatarUrl: 'http://169.254.169.254/latest/meta-data', userId: bob.id }),
    ).toMatchObject({
      status: 400,
      body: { errorType: 'error-avatar-invalid-url' },
    });
    expect(host.hits).toEqual([]);
    expect(
      await t.admin.post('/api/v1/users.setAvatar', { avatarUrl: `http://127.0.0.1:${host.port}/page`, username: bob.username }),
    ).toMatchObject({
      status: 400,
      body: { errorType: 'error-avatar-invalid-url' },
    });
    expect((await userDoc(bob.id))!.avatarETag).toBeUndefined();

    ok(await t.admin.post('/api/v1/users.setAvatar', { avatarUrl: `http://127.0.0.1:${host.port}/avatar.png`, username: bob.username }));
    expect((await userDoc(bob.id))!).toMatchObject({ avatarOrigin: 'url', avatarETag: expect.any(String) });
    const served = await fetchAvatar(`/avatar/${bob.username}`);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(await imageOf(served)).toMatchObject({ width: 200, height: 200 });
  });

  it('users.getAvatarSuggestion answers the pictures found for the user, none for an address Gravatar does not know', async () => {
    // Gravatar answers 404 for these test addresses, and is out of reach from a machine without internet: no suggestion.
    expect(ok(await alice.api.get('/api/v1/users.getAvatarSuggestion'))).toEqual({ success: true, suggestions: {} });
    expect((await t.api.get('/api/v1/users.getAvatarSuggestion')).status).toBe(401);
  });

  it('users.getAvatar redirects to the avatar; users.resetAvatar goes back to the generated one', async () => {
    const redirect = await fetch(`${base()}/api/v1/users.getAvatar?userId=${alice.id}`, { redirect: 'manual' });
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get('location')).toBe(`${base()}/avatar/${alice.username}`);
    expect(await t.api.get('/api/v1/users.getAvatar', { username: 'nobody-by-that-name' })).toMatchObject({
      status: 400,
      body: { errorType: 'error-invalid-user' },
    });
    expect(await t.api.get('/api/v1/users.getAvatar')).toMatchObject({ status: 400, body: { errorType: 'error-user-param-not-provided' } });

    expect(await bob.api.post('/api/v1/users.resetAvatar', { userId: alice.id })).toMatchObject({
      status: 400,
      body: { errorType: 'error-not-allowed', error: 'Reset avatar is not allowed [error-not-allowed]' },
    });
    expect(await avatarDocs({ userId: alice.id })).toHaveLength(1);
    const announced = bobSocket.nextPush('notify-logged', 'updateAvatar', (push) => push.args[0]?.username === alice.username);
    ok(await alice.api.post('/api/v1/users.resetAvatar', { userId: alice.id }));
    expect((await announced).args[0]).toEqual({ username: alice.username });
    expect(await avatarDocs({ userId: alice.id })).toHaveLength(0);
    expect((await userDoc(alice.id))!.avatarETag).toBeUndefined();
    expect((await fetchAvatar(`/avatar/${alice.username}`)).headers.get('content-type')).toBe('image/svg+xml');
  });

  it('DDP setAvatarFromService takes a data URI, resetAvatar removes it; Accounts_AllowUserAvatarChange off refuses users', async () => {
    const socket = await DdpClient.connect(base());
    try {
      await socket.login(alice.username, PASSWORD);
      const dataUri = `data:image/png;base64,${(await pngOf(40)).toString('base64')}`;
      expect(await socket.call('setAvatarFromService', dataUri, 'image/png', 'upload')).toBeUndefined();
      expect((await userDoc(alice.id))!.avatarOrigin).toBe('upload');
      expect(await imageOf(await fetchAvatar(`/avatar/${alice.username}`))).toMatchObject({ format: 'png', width: 200 });
      await expect(socket.call('setAvatarFromService', 'data:image/png;base64,', 'image/png', 'upload')).rejects.toMatchObject({
        error: { error: 'error-invalid-data' },
      });
      await expect(socket.call('setAvatarFromService', dataUri, 'image/png', 'upload', bob.id)).rejects.toMatchObject({
        error: { error: 'error-unauthorized' },
      });
      await socket.call('resetAvatar');
      expect(await avatarDocs({ userId: alice.id })).toHaveLength(0);

      await setSetting('Accounts_AllowUserAvatarChange', false);
      try {
        await expect(socket.call('setAvatarFromService', dataUri, 'image/png', 'upload')).rejects.toMatchObject({
          error: { error: 'error-not-allowed' },
        });
        expect(
          await postForm(base(), '/api/v1/users.setAvatar', alice.api.credentials, {
            field: 'image',
            name: 'a.png',
            type: 'image/png',
            body: await pngOf(20),
          }),
        ).toMatchObject({
          status: 400,
          body: { errorType: 'error-not-allowed', error: 'Change avatar is not allowed [error-not-allowed]' },
        });
        // Administrators (edit-other-user-avatar) still may.
        ok(await t.admin.post('/api/v1/users.setAvatar', { avatarUrl: `http://127.0.0.1:${host.port}/avatar.png`, userId: alice.id }));
        ok(await t.admin.post('/api/v1/users.resetAvatar', { userId: alice.id }));
      } finally {
        await setSetting('Accounts_AllowUserAvatarChange', true);
      }
    } finally {
      await socket.close();
    }
  });

  it('room avatars: rooms.saveRoomSettings roomAvatar (edit-room-avatar), served at /avatar/room/:rid; a DM shows the other member', async () => {
    const name = uniqueName('pics');
    const { channel } = ok(await alice.api.post('/api/v1/channels.create', { name, members: [bob.username] }));
    const generated = await fetchAvatar(`/avatar/room/${channel._id}`);
    expect(generated.headers.get('content-type')).toBe('image/svg+xml');
    expect(await generated.text()).toContain('>P</text>');
    expect((await fetchAvatar('/avatar/room/no-such-room')).status).toBe(404);

    const dataUri = `data:image/jpeg;base64,${(await photo(300, 300, { r: 200, g: 10, b: 10 })).toString('base64')}`;
    expect(await bob.api.post('/api/v1/rooms.saveRoomSettings', { rid: channel._id, roomAvatar: dataUri })).toMatchObject({
      status: 400,
      body: { errorType: 'error-action-not-allowed' },
    });
    const announced = bobSocket.nextPush('notify-logged', 'updateAvatar', (push) => push.args[0]?.rid === channel._id);
    expect(ok(await alice.api.post('/api/v1/rooms.saveRoomSettings', { rid: channel._id, roomAvatar: dataUri }))).toEqual({
      success: true,
      rid: channel._id,
    });
    const room = ok(await alice.api.get('/api/v1/rooms.info', { roomId: channel._id })).room;
    expect((await announced).args[0]).toEqual({ rid: channel._id, etag: room.avatarETag });
    const served = await fetchAvatar(`/avatar/room/${channel._id}`);
    expect(served.headers.get('etag')).toBe(`"${room.avatarETag}"`);
    expect(await imageOf(served)).toMatchObject({ format: 'jpeg', width: 200, height: 200 });
    const history = ok(await alice.api.get('/api/v1/channels.messages', { roomId: channel._id })).messages;
    expect(history.some((message: any) => message.t === 'room_changed_avatar')).toBe(true);

    ok(await alice.api.post('/api/v1/rooms.saveRoomSettings', { rid: channel._id, roomAvatar: '' }));
    expect(await avatarDocs({ rid: channel._id })).toHaveLength(0);

    // The same through DDP `saveRoomSettings` (key and value, or a settings object).
    const socket = await DdpClient.connect(base());
    try {
      await socket.login(alice.username, PASSWORD);
      expect(await socket.call('saveRoomSettings', channel._id, 'roomAvatar', dataUri)).toEqual({ result: true, rid: channel._id });
      expect(await avatarDocs({ rid: channel._id })).toHaveLength(1);
      expect(await socket.call('saveRoomSettings', channel._id, { roomAvatar: null })).toEqual({ result: true, rid: channel._id });
      expect(await avatarDocs({ rid: channel._id })).toHaveLength(0);
    } finally {
      await socket.close();
    }
    expect((await fetchAvatar(`/avatar/room/${channel._id}`)).headers.get('content-type')).toBe('image/svg+xml');

    // A direct message without its own avatar: each member sees the other's.
    const { room: dm } = ok(await alice.api.post('/api/v1/im.create', { username: bob.username }));
    const seenByAlice = await fetchAvatar(`/avatar/room/${dm._id}`, { cookie: `rc_uid=${alice.id}` });
    const bobs = await fetchAvatar(`/avatar/${bob.username}`);
    expect(Buffer.from(await seenByAlice.arrayBuffer())).toEqual(Buffer.from(await bobs.arrayBuffer()));
    const seenByBob = await fetchAvatar(`/avatar/room/${dm._id}`, { cookie: `rc_uid=${bob.id}` });
    expect(seenByBob.headers.get('content-type')).toBe('image/svg+xml');
  });

  it('a deleted room or user takes its avatar, metadata and body, with it', async () => {
    const carol = await createUser(t.admin, 'carol');
    const dataUri = `data:image/png;base64,${(await pngOf(50)).toString('base64')}`;
    const { channel } = ok(await carol.api.post('/api/v1/channels.create', { name: uniqueName('short-lived') }));
    ok(await carol.api.post('/api/v1/rooms.saveRoomSettings', { rid: channel._id, roomAvatar: dataUri }));
    ok(await t.admin.post('/api/v1/users.setAvatar', { avatarUrl: `http://127.0.0.1:${host.port}/avatar.png`, userId: carol.id }));
    const ids = [...(await avatarDocs({ rid: channel._id })), ...(await avatarDocs({ userId: carol.id }))].map((doc) => doc._id);
    expect(ids).toHaveLength(2);
    const bodies = () => probe.db.collection('rocketchat_avatars.files').countDocuments({ _id: { $in: ids } });
    expect(await bodies()).toBe(2);

    ok(await carol.api.post('/api/v1/channels.delete', { roomId: channel._id }));
    expect(await avatarDocs({ rid: channel._id })).toHaveLength(0);
    ok(await t.admin.post('/api/v1/users.delete', { userId: carol.id }));
    // The user's clean-up in core runs within the deletion; waited for all the same, by its result.
    await waitFor(async () => (await avatarDocs({ userId: carol.id })).length === 0, { describe: () => "carol's avatar removed" });
    expect(await bodies()).toBe(0);
  });
});
