import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DomainError, IAvatar } from '@rc/contracts';
import type { AvatarsRepository } from '@rc/models';
import type { Connection } from 'mongoose';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { CoreConfig } from '../core.env.js';
import { CoreStorage } from '../common/core-storage.js';
import { asReal, coreWorld } from '../testing/core-world.js';
import { InMemoryCollection } from '../testing/in-memory-collection.js';
import { AvatarsService } from './avatars.service.js';

/** `rocketchat_avatars` in memory: only what AvatarsService asks of it. */
class FakeAvatars {
  readonly data = new InMemoryCollection<IAvatar>();
  insert(avatar: IAvatar) {
    this.data.insert(avatar);
    return Promise.resolve();
  }
  findOneByName(name: string) {
    return Promise.resolve(this.data.findOne({ name }));
  }
  findOneByRoomId(rid: string) {
    return Promise.resolve(this.data.findOne({ rid }));
  }
  findByUserId(userId: string, keep?: string) {
    return Promise.resolve(this.data.find({ userId }).filter((avatar) => avatar._id !== keep));
  }
  findByRoomId(rid: string, keep?: string) {
    return Promise.resolve(this.data.find({ rid }).filter((avatar) => avatar._id !== keep));
  }
  deleteByIds(ids: string[]) {
    this.data.deleteMany({ _id: { $in: ids } });
    return Promise.resolve();
  }
}

const dataUri = async () =>
  `data:image/png;base64,${(
    await sharp({ create: { width: 300, height: 120, channels: 3, background: '#123456' } })
      .png()
      .toBuffer()
  ).toString('base64')}`;
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: DomainError) => [error.code, error.reason],
  );

describe('AvatarsService', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'avatars-service-'));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  /** alice and bob; the admin holds edit-other-user-avatar; bodies in a temporary directory. */
  function world(settings: Record<string, boolean | number | string> = {}) {
    const w = coreWorld({
      users: [
        { _id: 'alice', username: 'alice' },
        { _id: 'bob', username: 'bob' },
        { _id: 'admin', username: 'admin' },
      ],
      rooms: [
        { _id: 'general', t: 'c', name: 'general', fname: 'General' },
        // Not in the same order, as stored.
        { _id: 'alicebob', t: 'd', uids: ['alice', 'bob'], usernames: ['bob', 'alice'] },
      ],
      settings: { FileUpload_Storage_Type: 'FileSystem', FileUpload_FileSystemPath: directory, ...settings },
    });
    w.fakeAccess.grant('admin', 'edit-other-user-avatar');
    w.fakeAccess.grant('alice', 'edit-room-avatar', 'general');
    const avatars = new FakeAvatars();
    const etags = new Map<string, string | undefined>();
    const users = Object.assign(Object.create(w.users) as object, {
      setAvatarData: (id: string, _origin: string | undefined, etag: string | undefined) => Promise.resolve(void etags.set(id, etag)),
      findRoomUserByIdOrUsername: w.users.findRoomUserByIdOrUsername.bind(w.users),
    });
    const service = new AvatarsService(
      asReal<AvatarsRepository>(avatars),
      asReal(users),
      w.rooms,
      w.settings,
      w.access,
      w.realtime,
      new CoreStorage(asReal<Connection>({})),
      asReal<CoreConfig>({ AVATAR_URL_ALLOWED_ADDRESSES: [] }),
    );
    return { ...w, service, avatars, etags };
  }
  const alice = { userId: 'alice', username: 'alice' };
  const admin = { userId: 'admin', username: 'admin' };

  it("sets one's own avatar, replacing the previous one and announcing updateAvatar with the new ETag", async () => {
    const w = world();
    await w.service.setFromService(alice, { data: await dataUri(), service: 'upload' });
    const [first] = w.avatars.data.all();
    expect(first).toMatchObject({ name: 'alice', userId: 'alice', type: 'image/png', store: 'FileSystem:Avatars' });
    expect(first.identify).toEqual({ format: 'png', size: { width: 200, height: 200 } });
    await w.service.setFromService(alice, { data: await dataUri(), service: 'upload' });
    const [second] = w.avatars.data.all();
    expect(w.avatars.data.all()).toHaveLength(1);
    expect(second._id).not.toBe(first._id);
    expect(await readdir(directory)).toContain(second._id);
    expect(await readdir(directory)).not.toContain(first._id);
    expect(w.etags.get('alice')).toBe(second.etag);
    expect(w.named('notifyLogged').at(-1)).toEqual(['updateAvatar', [{ username: 'alice', etag: second.etag }]]);
    w.service.onModuleDestroy();
  });

  it("refuses someone else's avatar without edit-other-user-avatar, and everyone's own while the setting is off", async () => {
    const w = world();
    const uri = await dataUri();
    expect(await refusal(w.service.setFromService(alice, { data: uri, userId: 'bob' }))).toEqual(['error-unauthorized', 'unauthorized']);
    expect(await refusal(w.service.reset(alice, { username: 'bob' }))).toEqual(['error-not-allowed', 'Reset avatar is not allowed']);
    expect(await refusal(w.service.setFromService(admin, { data: uri, userId: 'nobody' }))).toEqual([
      'error-invalid-user',
      'The optional "userId" or "username" param provided does not match any users',
    ]);
    expect(await refusal(w.service.setFromService(alice, { data: 'data:text/plain,hello' }))).toEqual([
      'error-invalid-data',
      'Invalid dataURI',
    ]);
    await w.service.setFromService(admin, { data: uri, username: 'bob' });
    expect(w.avatars.data.find({ userId: 'bob' })).toHaveLength(1);

    const locked = world({ Accounts_AllowUserAvatarChange: false });
    expect(await refusal(locked.service.start(alice))).toEqual(['error-not-allowed', 'Change avatar is not allowed']);
    await expect(locked.service.start(admin)).resolves.toMatchObject({ resize: 200, storage: { type: 'FileSystem' } });
    w.service.onModuleDestroy();
    locked.service.onModuleDestroy();
  });

  it('serves a user by name, a room by its own avatar or, for a direct message, the other member', async () => {
    const w = world();
    await w.service.setFromService(alice, { data: await dataUri() });
    expect(await w.service.forServe({ username: 'alice' })).toMatchObject({ initialsOf: 'alice', avatar: { file: { name: 'alice' } } });
    expect(await w.service.forServe({ username: '@alice' })).toEqual({ initialsOf: 'alice', cacheTime: 3600 });
    expect(await w.service.forServe({ rid: 'general' })).toEqual({ initialsOf: 'General', cacheTime: 3600 });
    expect(await w.service.forServe({ rid: 'alicebob', viewerId: 'bob' })).toMatchObject({ avatar: { file: { name: 'alice' } } });
    expect(await w.service.forServe({ rid: 'alicebob', viewerId: 'alice' })).toEqual({ initialsOf: 'bob', cacheTime: 3600 });
    expect(await refusal(w.service.forServe({ rid: 'missing' }))).toEqual(['error-not-found', 'Room not found']);

    expect(
      await refusal(w.service.setRoomAvatar({ userId: 'bob', username: 'bob' }, (await w.rooms.findById('general'))!, await dataUri())),
    ).toEqual(['error-action-not-allowed', 'Editing room avatar is not allowed']);
    const etag = await w.service.setRoomAvatar(alice, (await w.rooms.findById('general'))!, await dataUri());
    expect((await w.rooms.findById('general'))!.avatarETag).toBe(etag);
    expect(await w.service.forServe({ rid: 'general' })).toMatchObject({ avatar: { file: { rid: 'general', etag } } });
    await w.service.setRoomAvatar(alice, (await w.rooms.findById('general'))!, null);
    expect(w.avatars.data.find({ rid: 'general' })).toHaveLength(0);
    w.service.onModuleDestroy();
  });
});
