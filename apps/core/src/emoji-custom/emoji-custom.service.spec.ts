import { beforeEach, describe, expect, it } from '@jest/globals';
import type { IEmojiCustom } from '@rc/contracts';
import type { EmojiCustomRepository } from '@rc/models';
import type { Connection } from 'mongoose';
import { CoreStorage } from '../common/core-storage.js';
import { asReal, coreWorld, type CoreWorld } from '../testing/core-world.js';
import { EmojiCustomService } from './emoji-custom.service.js';
import { fakePageSize } from '../testing/fake-services.js';

/** EmojiCustomRepository in memory. */
class FakeEmojis {
  readonly data = new Map<string, IEmojiCustom>();
  private next = 0;
  findById(id: string) {
    return Promise.resolve(this.data.get(id) ?? null);
  }
  anyNameTaken(names: string[], exceptId?: string) {
    return Promise.resolve(
      [...this.data.values()].some((e) => e._id !== exceptId && names.some((n) => e.name === n || e.aliases.includes(n))),
    );
  }
  insert(emoji: Omit<IEmojiCustom, '_id' | '_updatedAt'>) {
    const stored = { _id: `e${++this.next}`, ...emoji, _updatedAt: new Date() };
    this.data.set(stored._id, stored);
    return Promise.resolve(stored);
  }
  update(id: string, changes: Partial<IEmojiCustom>) {
    const current = this.data.get(id);
    if (!current) return Promise.resolve(null);
    const updated = { ...current, ...changes, _updatedAt: new Date() };
    this.data.set(id, updated);
    return Promise.resolve(updated);
  }
  delete(id: string) {
    return Promise.resolve(this.data.delete(id));
  }
}

const admin = { userId: 'admin', username: 'admin' };
const user = { userId: 'user', username: 'user' };
const png = (key: string) => ({ key, type: 'image/png' });

describe('EmojiCustomService', () => {
  let world: CoreWorld;
  let emojis: FakeEmojis;
  let service: EmojiCustomService;

  beforeEach(() => {
    world = coreWorld();
    world.fakeAccess.grant('admin', 'manage-emoji');
    emojis = new FakeEmojis();
    // No database: the image store is never reached in these cases (a failed removal is only logged).
    service = new EmojiCustomService(
      fakePageSize(),
      asReal<EmojiCustomRepository>(emojis),
      world.trash,
      world.settings,
      world.access,
      world.realtime,
      new CoreStorage(asReal<Connection>({ db: undefined })),
    );
  });

  it('creates with the image key as etag, renames with previousName, and announces both', async () => {
    const { emoji, created } = await service.save(admin, { name: ':Party Parrot:', aliases: 'pp', file: png('k1') });
    expect({ created, emoji }).toMatchObject({
      created: true,
      emoji: { name: 'party_parrot', aliases: ['pp'], extension: 'png', etag: 'k1' },
    });
    await service.save(admin, { _id: emoji._id, name: 'parrot', aliases: 'pp' });
    expect(emojis.data.get(emoji._id)).toMatchObject({ name: 'parrot', etag: 'k1', extension: 'png' });
    const announced = world
      .named('notifyLogged')
      .map(([event, args]) => [event, (args as [{ emojiData: Record<string, unknown> }])[0].emojiData]);
    expect(announced).toEqual([
      ['updateEmojiCustom', expect.objectContaining({ name: 'party_parrot' })],
      ['updateEmojiCustom', expect.objectContaining({ name: 'parrot', previousName: 'party_parrot' })],
    ]);
  });

  it('refuses without manage-emoji, a name or alias in use, a create without an image, an unknown id', async () => {
    await service.save(admin, { name: 'cat', aliases: 'kitty', file: png('k1') });
    await expect(service.save(user, { name: 'dog', aliases: '', file: png('k2') })).rejects.toMatchObject({ code: 'not_authorized' });
    for (const name of ['cat', 'kitty']) {
      await expect(service.save(admin, { name, aliases: '', file: png('k3') })).rejects.toMatchObject({
        code: 'Custom_Emoji_Error_Name_Or_Alias_Already_In_Use',
      });
    }
    await expect(service.save(admin, { name: 'dog', aliases: 'cat', file: png('k4') })).rejects.toMatchObject({
      code: 'Custom_Emoji_Error_Name_Or_Alias_Already_In_Use',
    });
    await expect(service.save(admin, { name: 'dog', aliases: '' })).rejects.toMatchObject({ code: 'error-the-field-is-required' });
    await expect(service.save(admin, { _id: 'nope', name: 'dog', aliases: '' })).rejects.toMatchObject({
      code: 'Custom_Emoji_Error_Invalid_Emoji',
    });
    expect(emojis.data.size).toBe(1);
    await expect(service.delete(user, [...emojis.data.keys()][0])).rejects.toMatchObject({ code: 'not_authorized' });
    await expect(service.delete(admin, 'nope')).rejects.toMatchObject({ code: 'Custom_Emoji_Error_Invalid_Emoji' });
  });

  it('deletes into the trash and announces deleteEmojiCustom', async () => {
    const { emoji } = await service.save(admin, { name: 'cat', aliases: '', file: png('k1') });
    await service.delete(admin, emoji._id);
    expect(emojis.data.size).toBe(0);
    expect(world.repos.trash.trashed).toEqual([{ collection: 'rocketchat_custom_emoji', _id: emoji._id }]);
    expect(world.named('notifyLogged').at(-1)).toEqual(['deleteEmojiCustom', [{ emojiData: expect.objectContaining({ _id: emoji._id }) }]]);
  });
});
