import { describe, expect, it } from '@jest/globals';
import type { Actor, ISetting } from '@rc/contracts';
import type { EventBus } from '@rc/platform';
import { asReal } from '../testing/core-world.js';
import { FakeSettingsRepository } from '../testing/fake-settings-repository.js';
import { FakeAccess, fakePageSize, recordingRealtime } from '../testing/fake-services.js';
import { SettingsCache } from '@rc/settings';
import { SettingsService } from './settings.service.js';

const admin = { userId: 'admin' } as Actor;
const setting = (fields: Partial<ISetting> & Pick<ISetting, '_id' | 'type'>) =>
  ({ packageValue: null, public: true, ...fields }) as ISetting;

function world() {
  const repository = new FakeSettingsRepository();
  for (const s of [
    setting({ _id: 'Site_Name', type: 'string', value: 'Rocket.Chat' }),
    setting({ _id: 'Message_MaxAllowedSize', type: 'int', value: 5000 }),
    setting({ _id: 'Unread_Count', type: 'select', value: 'all_messages', values: [{ key: 'all_messages', i18nLabel: 'x' }] }),
    setting({ _id: 'Secret', type: 'string', value: 's', hidden: true }),
    setting({ _id: 'Locked', type: 'boolean', value: true, blocked: true }),
    setting({ _id: 'Private', type: 'boolean', value: true, public: false }),
  ])
    repository.data.insert(s);
  const access = new FakeAccess().grant('admin', ['view-privileged-setting', 'edit-privileged-setting']);
  const published: unknown[][] = [];
  const events = { publish: (...args: unknown[]) => published.push(args), subscribe: () => () => undefined };
  const cache = new SettingsCache(asReal(repository), asReal<EventBus>(events));
  const { realtime, named } = recordingRealtime();
  const service = new SettingsService(fakePageSize(), asReal(repository), cache, asReal(access), asReal<EventBus>(events), realtime);
  return { repository, cache, service, published, named, access };
}

describe('SettingsService.update', () => {
  it('stores a value of the right type, applies it on this instance at once and announces it to the others and to clients', async () => {
    const w = world();
    await w.service.update(admin, 'Message_MaxAllowedSize', 10);
    expect(w.repository.data.get('Message_MaxAllowedSize')!.value).toBe(10);
    expect(w.cache.get('Message_MaxAllowedSize')).toBe(10);
    expect(w.published).toEqual([[expect.anything(), 'Message_MaxAllowedSize', { _id: 'Message_MaxAllowedSize', value: 10 }]]);
    expect(w.named('settingChanged')).toEqual([['updated', expect.objectContaining({ _id: 'Message_MaxAllowedSize', value: 10 })]]);
  });

  it('refuses a value of another type and an unknown select option', async () => {
    const w = world();
    await expect(w.service.update(admin, 'Message_MaxAllowedSize', '10')).rejects.toMatchObject({ code: 'error-invalid-setting' });
    await expect(w.service.update(admin, 'Message_MaxAllowedSize', 1.5)).rejects.toMatchObject({ code: 'error-invalid-setting' });
    await expect(w.service.update(admin, 'Unread_Count', 'everything')).rejects.toMatchObject({ code: 'error-invalid-setting' });
  });

  it('refuses hidden, blocked and unknown settings, and callers without edit-privileged-setting', async () => {
    const w = world();
    await expect(w.service.update(admin, 'Secret', 'x')).rejects.toMatchObject({ code: 'error-invalid-setting' });
    await expect(w.service.update(admin, 'Locked', false)).rejects.toMatchObject({ code: 'error-invalid-setting' });
    await expect(w.service.update(admin, 'Nope', 'x')).rejects.toMatchObject({ code: 'error-invalid-setting' });
    await expect(w.service.update({ userId: 'bob' } as Actor, 'Site_Name', 'x')).rejects.toMatchObject({ code: 'error-unauthorized' });
    expect(w.published).toEqual([]);
  });
});

describe('SettingsService reads', () => {
  it('lists public, visible settings as id and value only', async () => {
    const w = world();
    const page = await w.service.list(undefined, { offset: 0, count: 0 });
    expect(page.items.map((s) => s._id)).toEqual(['Locked', 'Message_MaxAllowedSize', 'Site_Name', 'Unread_Count']);
    expect(page.items[0]).toEqual({ _id: 'Locked', value: true });
  });

  it('reads one setting with view-privileged-setting, never a hidden one', async () => {
    const w = world();
    await expect(w.service.get(admin, 'Private')).resolves.toEqual({ _id: 'Private', value: true });
    await expect(w.service.get(admin, 'Secret')).rejects.toMatchObject({ code: 'error-invalid-setting' });
    await expect(w.service.get({ userId: 'bob' } as Actor, 'Private')).rejects.toMatchObject({ code: 'error-unauthorized' });
  });
});

describe('SettingsService.saveMany (saveSettings)', () => {
  function wizardWorld() {
    const w = world();
    w.repository.data.insert(
      setting({
        _id: 'Show_Setup_Wizard',
        type: 'select',
        value: 'in_progress',
        values: ['pending', 'in_progress', 'completed'].map((key) => ({ key, i18nLabel: key })),
      }),
    );
    w.repository.data.insert(setting({ _id: 'Organization_Name', type: 'string', value: '', public: false }));
    w.repository.data.insert(
      setting({ _id: 'Size', type: 'select', value: '', public: false, values: [{ key: '0', i18nLabel: '1-10 people' }] }),
    );
    return w;
  }

  it('writes every change, and the site follows the organisation while its name is the default', async () => {
    const w = wizardWorld();
    w.repository.data.updateOne({ _id: 'Site_Name' }, { $set: { packageValue: 'Rocket.Chat' } });
    await w.service.saveMany(admin, [
      { _id: 'Organization_Name', value: 'Acme' },
      { _id: 'Size', value: '0' },
    ]);
    expect(w.repository.data.get('Organization_Name')!.value).toBe('Acme');
    expect(w.repository.data.get('Size')!.value).toBe('0');
    expect(w.repository.data.get('Site_Name')!.value).toBe('Acme');
    // Renamed by hand since: the site keeps its name.
    await w.service.saveMany(admin, [{ _id: 'Site_Name', value: 'Our chat' }]);
    await w.service.saveMany(admin, [{ _id: 'Organization_Name', value: 'Acme Inc' }]);
    expect(w.repository.data.get('Site_Name')!.value).toBe('Our chat');
  });

  it('changes nothing when one change is refused', async () => {
    const w = wizardWorld();
    const attempt = w.service.saveMany(admin, [
      { _id: 'Organization_Name', value: 'Acme' },
      { _id: 'Size', value: '99' },
    ]);
    await expect(attempt).rejects.toMatchObject({ code: 'error-invalid-setting' });
    expect(w.repository.data.get('Organization_Name')!.value).toBe('');
    expect(w.published).toEqual([]);
  });

  it('names the settings a caller may not edit', async () => {
    const w = wizardWorld();
    await expect(w.service.saveMany({ userId: 'bob' } as Actor, [{ _id: 'Organization_Name', value: 'x' }])).rejects.toMatchObject({
      code: 'error-action-not-allowed',
      details: { method: 'saveSettings', settingIds: ['Organization_Name'] },
    });
  });

  it('moves the setup wizard forward only', async () => {
    const w = wizardWorld();
    await expect(w.service.saveMany(admin, [{ _id: 'Show_Setup_Wizard', value: 'pending' }])).rejects.toMatchObject({
      code: 'error-action-not-allowed',
    });
    await w.service.saveMany(admin, [{ _id: 'Show_Setup_Wizard', value: 'completed' }]);
    await expect(w.service.update(admin, 'Show_Setup_Wizard', 'in_progress')).rejects.toMatchObject({
      code: 'error-action-not-allowed',
      reason: 'The setup wizard is already completed',
    });
    expect(w.repository.data.get('Show_Setup_Wizard')!.value).toBe('completed');
  });
});

describe('SettingsService.privateSync', () => {
  const visibleIds = ['Locked', 'Message_MaxAllowedSize', 'Private', 'Site_Name', 'Unread_Count'];

  it('gives holders of view-privileged-setting every visible setting, public or not', async () => {
    const { update } = await world().service.privateSync(admin);
    expect(update.map((s) => s._id)).toEqual(visibleIds);
  });

  it('gives manage-selected-settings holders only the settings they hold change-setting-<id> for', async () => {
    const w = world();
    w.access.grant('editor', ['manage-selected-settings', 'change-setting-Site_Name', 'change-setting-Private']);
    const { update } = await w.service.privateSync({ userId: 'editor' } as Actor);
    expect(update.map((s) => s._id)).toEqual(['Private', 'Site_Name']);
  });

  it('answers an empty list, not a refusal, to other users and to anonymous callers', async () => {
    const w = world();
    w.access.grant('lister', ['change-setting-Site_Name']);
    await expect(w.service.privateSync({ userId: 'lister' } as Actor)).resolves.toEqual({ update: [], remove: [] });
    await expect(w.service.privateSync(undefined)).resolves.toEqual({ update: [], remove: [] });
  });
});
