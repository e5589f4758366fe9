import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mongoose from 'mongoose';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import sharp from 'sharp';
import { DdpClient } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';
import { postForm } from '../uploads/support/multipart.js';
import { createUser, ok, PASSWORD, StackProbe, uniqueName, type CoreUser } from './support/core-fixtures.js';

/** A multipart answer that must be a success. */
const done = ({ status, body }: { status: number; body: Record<string, any> }) => {
  expect({ status, success: body.success }).toEqual({ status: 200, success: true });
  return body;
};

const png = (colour: string) =>
  sharp({ create: { width: 32, height: 32, channels: 4, background: colour } })
    .png()
    .toBuffer();
const gif = () =>
  sharp({ create: { width: 16, height: 16, channels: 3, background: '#ff0000' } })
    .gif()
    .toBuffer();

/** Custom emoji (REST multipart, lists, serving, events, refusals) and custom sounds (list, serve, delete). */
describe('custom emoji and sounds', () => {
  const t = useStack();
  let probe: StackProbe;
  let member: CoreUser;
  let memberSocket: DdpClient;
  let adminSocket: DdpClient;
  const base = () => t.stack.gatewayUrl();
  const emojiCount = () => probe.db.collection('rocketchat_custom_emoji').countDocuments();
  const storedImages = () => probe.db.collection('custom_emoji.files').countDocuments();
  const upload = (path: string, who: CoreUser['api'], image: Buffer | undefined, fields: Record<string, string>, type = 'image/png') =>
    postForm(base(), `/api/v1/${path}`, who.credentials, image && { field: 'emoji', name: 'e.png', type, body: image }, fields);

  beforeAll(async () => {
    member = await createUser(t.admin, 'emojimember');
    probe = await StackProbe.open(t.stack);
    [memberSocket, adminSocket] = await Promise.all([DdpClient.connect(base()), DdpClient.connect(base())]);
    await memberSocket.login(member.username, PASSWORD);
    await adminSocket.login('admin', 'admin-e2e-pass');
    await Promise.all([
      memberSocket.stream('notify-logged', 'updateEmojiCustom'),
      memberSocket.stream('notify-logged', 'deleteEmojiCustom'),
      memberSocket.stream('notify-all', 'deleteCustomSound'),
      memberSocket.stream('notify-all', 'updateCustomSound'),
    ]);
  });

  afterAll(async () => {
    await memberSocket?.close();
    await adminSocket?.close();
    await probe?.close();
  });

  it('creates, lists, serves, updates and deletes an emoji, announcing each change', async () => {
    const name = uniqueName('party').toLowerCase();
    const before = new Date(Date.now() - 1000).toISOString();
    const red = await png('#ff0000');
    const created = memberSocket.nextPush('notify-logged', 'updateEmojiCustom', (p) => p.args[0]?.emojiData?.name === name);
    done(await upload('emoji-custom.create', t.admin, red, { name: `:${name}:`, aliases: `${name}-a, ${name}-b` }));
    const { emojiData } = (await created).args[0];
    expect(emojiData).toMatchObject({ name, aliases: [`${name}-a`, `${name}-b`], extension: 'png', etag: expect.any(String) });

    // Listed whole, by updatedSince (the sync the clients do), and by page.
    const listed = ok(await member.api.get('/api/v1/emoji-custom.list', { updatedSince: before }));
    expect(listed.emojis.update.find((e: { _id: string }) => e._id === emojiData._id)).toMatchObject({ name, extension: 'png' });
    expect(listed.emojis.remove).toEqual(expect.any(Array));
    const all = ok(await member.api.get('/api/v1/emoji-custom.all', { query: JSON.stringify({ name }) }));
    expect(all).toMatchObject({ count: 1, total: 1, offset: 0 });
    const viaDdp = await memberSocket.call<Array<{ _id: string }>>('listEmojiCustom');
    expect(viaDdp.map((e) => e._id)).toContain(emojiData._id);

    // Served unchanged, cacheable, and 304 on a revalidation.
    const image = await fetch(`${base()}/emoji-custom/${encodeURIComponent(name)}.png?_dc=${emojiData.etag}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('cache-control')).toBe('public, max-age=31536000');
    const etag = image.headers.get('etag')!;
    expect(Buffer.from(await image.arrayBuffer()).equals(red)).toBe(true);
    expect((await fetch(`${base()}/emoji-custom/${name}.png`, { headers: { 'if-none-match': etag } })).status).toBe(304);

    // Update: a new name and a new image (GIF): the old image goes, the new one is served under a new ETag.
    const renamed = `${name}-x`;
    const updated = memberSocket.nextPush('notify-logged', 'updateEmojiCustom', (p) => p.args[0]?.emojiData?.name === renamed);
    done(await upload('emoji-custom.update', t.admin, await gif(), { _id: emojiData._id, name: renamed, aliases: '' }, 'image/gif'));
    expect((await updated).args[0].emojiData).toMatchObject({ previousName: name, extension: 'gif', aliases: [] });
    const doc = await probe.db.collection('rocketchat_custom_emoji').findOne({ _id: emojiData._id });
    expect(doc).toMatchObject({ name: renamed, extension: 'gif', aliases: [] });
    expect(doc!.etag).not.toBe(emojiData.etag);
    expect(await probe.db.collection('custom_emoji.files').countDocuments({ _id: emojiData.etag })).toBe(0);
    const gifServed = await fetch(`${base()}/emoji-custom/${renamed}.gif`);
    expect(gifServed.headers.get('content-type')).toBe('image/gif');
    expect(gifServed.headers.get('etag')).not.toBe(etag);
    // Update of the name alone keeps the image.
    done(await upload('emoji-custom.update', t.admin, undefined, { _id: emojiData._id, name: renamed, aliases: 'again' }));
    expect((await fetch(`${base()}/emoji-custom/${renamed}.gif`)).headers.get('content-type')).toBe('image/gif');

    // Delete: announced, gone from the list, in `remove` of a sync, image removed, placeholder served.
    const deleted = memberSocket.nextPush('notify-logged', 'deleteEmojiCustom', (p) => p.args[0]?.emojiData?._id === emojiData._id);
    ok(await t.admin.post('/api/v1/emoji-custom.delete', { emojiId: emojiData._id }));
    await deleted;
    const synced = ok(await member.api.get('/api/v1/emoji-custom.list', { updatedSince: before }));
    expect(synced.emojis.update.map((e: { _id: string }) => e._id)).not.toContain(emojiData._id);
    expect(synced.emojis.remove.map((e: { _id: string }) => e._id)).toContain(emojiData._id);
    expect(await probe.db.collection('custom_emoji.files').countDocuments({ _id: doc!.etag })).toBe(0);
    const placeholder = await fetch(`${base()}/emoji-custom/${renamed}.gif`);
    expect(placeholder.status).toBe(200);
    expect(placeholder.headers.get('content-type')).toBe('image/svg+xml');
    expect(placeholder.headers.get('cache-control')).toBe('public, max-age=0');
    expect(await placeholder.text()).toContain('<svg');
  });

  it('refuses callers without manage-emoji, bad names, duplicates and files that are not images, storing nothing', async () => {
    const taken = uniqueName('taken').toLowerCase();
    done(await upload('emoji-custom.create', t.admin, await png('#00ff00'), { name: taken, aliases: `${taken}-alias` }));
    const [docs, images] = [await emojiCount(), await storedImages()];
    const refusals: Array<[ReturnType<typeof upload>, string]> = [
      [upload('emoji-custom.create', member.api, await png('#0000ff'), { name: uniqueName('mine') }), 'not_authorized'],
      [upload('emoji-custom.create', t.admin, await png('#0000ff'), { name: 'a/b' }), 'error-input-is-not-a-valid-field'],
      [
        upload('emoji-custom.create', t.admin, await png('#0000ff'), { name: uniqueName('ok'), aliases: 'x<y' }),
        'error-input-is-not-a-valid-field',
      ],
      [upload('emoji-custom.create', t.admin, await png('#0000ff'), { name: '  ' }), 'error-the-field-is-required'],
      [upload('emoji-custom.create', t.admin, await png('#0000ff'), { name: taken }), 'Custom_Emoji_Error_Name_Or_Alias_Already_In_Use'],
      [
        upload('emoji-custom.create', t.admin, await png('#0000ff'), { name: `${taken}-alias` }),
        'Custom_Emoji_Error_Name_Or_Alias_Already_In_Use',
      ],
      [
        upload('emoji-custom.create', t.admin, Buffer.from('just some text, no picture'), { name: uniqueName('txt') }),
        'emoji-is-not-image',
      ],
      [
        upload(
          'emoji-custom.create',
          t.admin,
          Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
          {
            name: uniqueName('svg'),
          },
          'image/svg+xml',
        ),
        'emoji-is-not-image',
      ],
      [upload('emoji-custom.create', t.admin, undefined, { name: uniqueName('nofile') }), 'invalid-params'],
      [upload('emoji-custom.update', t.admin, undefined, { _id: 'nope', name: uniqueName('ghost') }), 'Custom_Emoji_Error_Invalid_Emoji'],
    ];
    for (const [attempt, error] of refusals) {
      const { status, body } = await attempt;
      expect({ status, error: body.errorType ?? body.error }).toEqual({ status: 400, error });
    }
    const denied = await member.api.post('/api/v1/emoji-custom.delete', { emojiId: 'whatever' });
    expect(denied.body.errorType ?? denied.body.error).toBe('not_authorized');
    await expect(adminSocket.call('deleteEmojiCustom', 'no-such-emoji')).rejects.toMatchObject({
      error: { error: 'Custom_Emoji_Error_Invalid_Emoji' },
    });
    expect([await emojiCount(), await storedImages()]).toEqual([docs, images]);
  });

  it("a message's md names a custom emoji as an EMOJI node the clients render from the list", async () => {
    const name = uniqueName('wave').toLowerCase();
    done(await upload('emoji-custom.create', t.admin, await png('#123456'), { name }));
    const message = ok(await t.admin.post('/api/v1/chat.sendMessage', { message: { rid: 'GENERAL', msg: `hello :${name}:` } })).message;
    expect(message.md[0].value).toContainEqual({ type: 'EMOJI', value: { type: 'PLAIN_TEXT', value: name }, shortCode: name });
  });

  it('lists, uploads (DDP), serves and deletes custom sounds', async () => {
    const _id = uniqueName('snd');
    const name = uniqueName('Ding');
    const body = Buffer.from('ID3 pretend mp3 body '.repeat(50));
    await probe.db
      .collection<{ _id: string; name: string; extension: string; _updatedAt: Date }>('rocketchat_custom_sounds')
      .insertOne({ _id, name, extension: 'mp3', _updatedAt: new Date() });
    const bucket = new mongoose.mongo.GridFSBucket(probe.db.db!, { bucketName: 'custom_sounds' });
    await pipeline(Readable.from([body]), bucket.openUploadStreamWithId(_id as never, `${_id}.mp3`));

    const page = ok(await member.api.get('/api/v1/custom-sounds.list', { name: name.slice(0, 6).toLowerCase(), count: '5' }));
    expect(page.sounds.find((s: { _id: string }) => s._id === _id)).toMatchObject({ name, extension: 'mp3' });
    expect(page).toMatchObject({ offset: 0, count: expect.any(Number), total: expect.any(Number) });
    expect((await memberSocket.call<Array<{ _id: string }>>('listCustomSounds')).map((s) => s._id)).toContain(_id);
    expect(ok(await member.api.get('/api/v1/custom-sounds.getOne', { _id }))).toMatchObject({ _id, name });
    expect((await member.api.get('/api/v1/custom-sounds.getOne', { _id: 'missing' })).status).toBe(404);

    const served = await fetch(`${base()}/custom-sounds/${_id}.mp3`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('audio/mpeg');
    expect(Buffer.from(await served.arrayBuffer()).equals(body)).toBe(true);
    expect((await fetch(`${base()}/custom-sounds/unknown.mp3`)).status).toBe(404);

    // Rocket.Chat's admin: insertOrUpdateSound, then the body as EJSON binary with uploadCustomSound.
    // An ID3 tag and silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz: 417 bytes each).
    const frame = Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(413)]);
    const mp3 = Buffer.concat([Buffer.from('ID3'), Buffer.from([3, 0, 0, 0, 0, 0, 0]), frame, frame, frame]);
    const newName = uniqueName('Chime');
    const soundId = await adminSocket.call<string>('insertOrUpdateSound', { name: newName, extension: 'mp3' });
    const announced = memberSocket.nextPush('notify-all', 'updateCustomSound', (p) => p.args[0]?.soundData?._id === soundId);
    await adminSocket.call('uploadCustomSound', new Uint8Array(mp3), 'audio/mpeg', { _id: soundId, name: newName, extension: 'mp3' });
    expect((await announced).args[0].soundData).toMatchObject({ name: newName, extension: 'mp3' });
    const uploaded = await fetch(`${base()}/custom-sounds/${soundId}.mp3`);
    expect(Buffer.from(await uploaded.arrayBuffer()).equals(mp3)).toBe(true);
    // Its size is recorded: byte ranges as on uploads (seeking in the admin's player).
    expect(await probe.db.collection('rocketchat_custom_sounds').findOne({ _id: soundId as never })).toMatchObject({ size: mp3.length });
    const head = await fetch(`${base()}/custom-sounds/${soundId}.mp3`, { headers: { Range: 'bytes=0-9' } });
    expect(head.status).toBe(206);
    expect(head.headers.get('content-range')).toBe(`bytes 0-9/${mp3.length}`);
    expect(head.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await head.arrayBuffer()).equals(mp3.subarray(0, 10))).toBe(true);
    const tail = await fetch(`${base()}/custom-sounds/${soundId}.mp3`, { headers: { Range: 'bytes=-17' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(mp3.subarray(mp3.length - 17))).toBe(true);
    const beyond = await fetch(`${base()}/custom-sounds/${soundId}.mp3`, { headers: { Range: `bytes=${mp3.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${mp3.length}`);
    // The body goes from the DDP frame into the storage, never through NATS: larger than a NATS message could carry
    // once base64-encoded beside its request (what the old limit of 600 kB was for).
    const long = Buffer.concat([mp3.subarray(0, 10), ...Array.from({ length: 1_700 }, () => frame)]);
    expect(long.length).toBeGreaterThan(700_000);
    await adminSocket.call('uploadCustomSound', new Uint8Array(long), 'audio/mpeg', { _id: soundId });
    const longServed = await fetch(`${base()}/custom-sounds/${soundId}.mp3`);
    expect(Buffer.from(await longServed.arrayBuffer()).equals(long)).toBe(true);
    await adminSocket.call('uploadCustomSound', new Uint8Array(mp3), 'audio/mpeg', { _id: soundId });
    const soundRefusals: Array<[Promise<unknown>, string]> = [
      [memberSocket.call('insertOrUpdateSound', { name: uniqueName('x'), extension: 'mp3' }), 'not_authorized'],
      [adminSocket.call('insertOrUpdateSound', { name: newName, extension: 'mp3' }), 'Custom_Sound_Error_Name_Already_In_Use'],
      [adminSocket.call('insertOrUpdateSound', { name: 'bad name!', extension: 'mp3' }), 'error-input-is-not-a-valid-field'],
      [
        adminSocket.call('uploadCustomSound', new Uint8Array(Buffer.from('not a sound at all')), 'audio/mpeg', { _id: soundId }),
        'error-invalid-file-type',
      ],
      [memberSocket.call('uploadCustomSound', new Uint8Array(mp3), 'audio/mpeg', { _id: soundId }), 'not_authorized'],
    ];
    for (const [attempt, error] of soundRefusals) await expect(attempt).rejects.toMatchObject({ error: { error } });
    expect(Buffer.from(await (await fetch(`${base()}/custom-sounds/${soundId}.mp3`)).arrayBuffer()).equals(mp3)).toBe(true);

    await expect(memberSocket.call('deleteCustomSound', _id)).rejects.toMatchObject({ error: { error: 'not_authorized' } });
    const deleted = memberSocket.nextPush('notify-all', 'deleteCustomSound', (p) => p.args[0]?.soundData?._id === _id);
    expect(await adminSocket.call('deleteCustomSound', _id)).toBe(true);
    expect((await deleted).args[0].soundData).toMatchObject({ name });
    expect(await probe.db.collection('custom_sounds.files').countDocuments({ _id: _id as never })).toBe(0);
    expect((await fetch(`${base()}/custom-sounds/${_id}.mp3`)).status).toBe(404);
    await expect(adminSocket.call('deleteCustomSound', _id)).rejects.toMatchObject({
      error: { error: 'Custom_Sound_Error_Invalid_Sound' },
    });
  });
});
