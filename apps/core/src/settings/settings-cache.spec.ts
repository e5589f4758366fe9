import { beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { EventBus } from '@rc/platform';
import { asReal } from '../testing/core-world.js';
import { FakeSettingsRepository } from '../testing/fake-settings-repository.js';
import { SettingsCache } from '@rc/settings';
import { streamKey } from '@rc/contracts';

/** The cache over an in-memory repository and an event bus that hands the spec the subscribed handler. */
function cache() {
  const repository = new FakeSettingsRepository();
  let announce: (payload: unknown, id: string) => Promise<void> = () => Promise.resolve();
  const events = {
    subscribe: (_event: unknown, _key: string, handler: typeof announce) => ((announce = handler), () => undefined),
  };
  const settings = new SettingsCache(asReal(repository), asReal<EventBus>(events));
  // As core announces: the payload names the setting, the key is its id escaped as a subject token.
  return { repository, settings, announce: (id: string) => announce({ _id: id }, streamKey(id)) };
}

describe('SettingsCache', () => {
  // Seeding logs a line per start; the specs' output stays quiet.
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('answers package defaults while still loading, and refuses unknown settings', () => {
    const { settings } = cache();
    expect(settings.get('Message_MaxAllowedSize')).toBe(5000);
    expect(() => settings.get('No_Such_Setting')).toThrow('unknown setting');
  });

  it('seeds the defaults without overwriting a stored value, then serves the stored values', async () => {
    const { repository, settings } = cache();
    repository.data.insert({ _id: 'Message_MaxAllowedSize', type: 'int', packageValue: 5000, value: 100 } as never);
    await settings.onApplicationBootstrap();
    expect(settings.get('Message_MaxAllowedSize')).toBe(100);
    expect(repository.data.get('Threads_enabled')).toMatchObject({ value: true });
  });

  it('re-reads a setting when any instance announces its change', async () => {
    const { repository, settings, announce } = cache();
    await settings.onApplicationBootstrap();
    await repository.setValue('Threads_enabled', false);
    expect(settings.get('Threads_enabled')).toBe(true);
    await announce('Threads_enabled');
    expect(settings.get('Threads_enabled')).toBe(false);
  });

  it('re-reads a setting whose id has dots (a subject token of its own when escaped)', async () => {
    const { repository, settings, announce } = cache();
    await settings.onApplicationBootstrap();
    await repository.setValue('Search.defaultProvider.PageSize', 25);
    await announce('Search.defaultProvider.PageSize');
    expect(settings.get('Search.defaultProvider.PageSize')).toBe(25);
  });
});
