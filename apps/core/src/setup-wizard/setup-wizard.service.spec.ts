import { describe, expect, it } from '@jest/globals';
import type { Actor, ISetting } from '@rc/contracts';
import type { UsersRepository } from '@rc/models';
import type { EventBus } from '@rc/platform';
import { SettingsCache } from '@rc/settings';
import { SettingsService } from '../settings/settings.service.js';
import { asReal } from '../testing/core-world.js';
import { FakeSettingsRepository } from '../testing/fake-settings-repository.js';
import { FakeAccess, fakePageSize, recordingRealtime } from '../testing/fake-services.js';
import { SETUP_WIZARD_SETTINGS } from '@rc/settings';
import { SetupWizardService } from './setup-wizard.service.js';

const admin: Actor = { userId: 'admin', username: 'admin' };
const member: Actor = { userId: 'bob', username: 'bob' };

function world(state: string) {
  const repository = new FakeSettingsRepository();
  for (const definition of SETUP_WIZARD_SETTINGS) repository.data.insert({ ...definition, value: definition.packageValue } as ISetting);
  repository.data.updateOne({ _id: 'Show_Setup_Wizard' }, { $set: { value: state } });
  const access = new FakeAccess().grant('admin', ['view-privileged-setting', 'edit-privileged-setting', 'manage-cloud']);
  const published: unknown[][] = [];
  const events = { publish: (...args: unknown[]) => published.push(args), subscribe: () => () => undefined };
  const cache = new SettingsCache(asReal(repository), asReal<EventBus>(events));
  const settings = new SettingsService(
    fakePageSize(),
    asReal(repository),
    cache,
    asReal(access),
    asReal<EventBus>(events),
    recordingRealtime().realtime,
  );
  const wizard = new SetupWizardService(asReal(repository), asReal<UsersRepository>({}), cache, settings, asReal(access));
  return { repository, wizard, published };
}

describe('SetupWizardService', () => {
  it('gives anyone the settings the wizard edits until it is completed; then only who may read settings', async () => {
    const pending = world('pending');
    const { settings, serverAlreadyRegistered } = await pending.wizard.parameters(undefined);
    expect(serverAlreadyRegistered).toBe(false);
    expect(settings.map((s) => s._id).sort()).toEqual(
      ['Country', 'Industry', 'Organization_Name', 'Organization_Type', 'Server_Type', 'Size', 'Website'].sort(),
    );

    const completed = world('completed');
    await expect(completed.wizard.parameters(undefined)).rejects.toMatchObject({ code: 'error-action-not-allowed' });
    await expect(completed.wizard.parameters(member)).rejects.toMatchObject({ code: 'error-action-not-allowed' });
    await expect(completed.wizard.parameters(admin)).resolves.toMatchObject({ serverAlreadyRegistered: false });
  });

  it('moves a pending wizard to in_progress once an administrator exists, and nothing else', async () => {
    const pending = world('pending');
    await expect(pending.wizard.adminExists()).resolves.toEqual({ state: 'in_progress' });
    expect(pending.published).toEqual([[expect.anything(), 'Show_Setup_Wizard', { _id: 'Show_Setup_Wizard', value: 'in_progress' }]]);
    await expect(pending.wizard.adminExists()).resolves.toEqual({ state: 'in_progress' });

    const completed = world('completed');
    await expect(completed.wizard.adminExists()).resolves.toEqual({ state: 'completed' });
    expect(completed.repository.data.get('Show_Setup_Wizard')!.value).toBe('completed');
    expect(completed.published).toEqual([]);
  });

  it('answers the registration step offline, to managers of the cloud connection only', async () => {
    const w = world('in_progress');
    await expect(w.wizard.registerPreIntent(admin)).resolves.toEqual({ offline: true });
    await expect(w.wizard.registerPreIntent(member)).rejects.toMatchObject({ code: 'error-unauthorized' });
  });
});
