import { as } from '../core/phantom.js';
import { defineEvent } from '../core/event-contract.js';
import type { SettingValue } from '../typings/setting.js';

/**
 * Broadcast after a setting changed, so every instance that caches settings applies it without a restart.
 * Keyed by the setting id escaped as a subject token (`streamKey`: ids such as `Search.Provider` have dots);
 * subscribers read the id from the payload.
 */
export const settingsChangedEvent = defineEvent({
  name: 'settings.changed',
  payload: as<{ _id: string; value: SettingValue }>(),
});
