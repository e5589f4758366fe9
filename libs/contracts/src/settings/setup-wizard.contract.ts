import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField } from '../rooms/common-fields.js';
import type { ISetting } from '../typings/setting.js';
import { SettingIdField, SettingValueField } from './settings.contract.js';

/** Rocket.Chat's `Show_Setup_Wizard` values, in the only order the wizard moves through them. */
export const SETUP_WIZARD_STATES = ['pending', 'in_progress', 'completed'] as const;
export type SetupWizardState = (typeof SETUP_WIZARD_STATES)[number];

/**
 * Rocket.Chat's `getSetupWizardParameters` method (the web client's setup wizard reads it first): the settings
 * the wizard's steps edit (with their select options) and whether the workspace is registered with Rocket.Chat
 * Cloud — never here: this server does not talk to the cloud. Anonymous callers get it only while the wizard is
 * not completed (the wizard's first step runs before anyone is logged in); afterwards it needs
 * `view-privileged-setting`.
 */
export const setupWizardParameters = defineRpc({
  subject: 'settings.setupWizardParameters',
  request: z.strictObject({ actor: ActorField.optional() }),
  response: as<{ settings: ISetting[]; serverAlreadyRegistered: boolean }>(),
}).method('getSetupWizardParameters', { auth: 'optional', request: (_args, { actor }) => ({ actor }) });

/**
 * Rocket.Chat's `saveSettings` method, which the web client's settings dispatch (the setup wizard's steps, the
 * administration pages) sends: several settings at once, all checked before any is written, so a refused one
 * changes nothing. Needs `edit-privileged-setting`, or `manage-selected-settings` with `change-setting-<id>`
 * for each id. Setting `Organization_Name` also renames the site while `Site_Name` is still the default or
 * followed the organisation's name (Rocket.Chat's rule). Re-authentication first, as Rocket.Chat's method
 * (`twoFactorRequired`).
 */
export const settingsSaveMany = defineRpc({
  subject: 'settings.saveMany',
  request: z.strictObject({
    actor: ActorField,
    changes: z
      .array(z.strictObject({ _id: SettingIdField, value: SettingValueField }))
      .min(1)
      .max(100),
  }),
  response: as<{ ok: true }>(),
  twoFactor: {},
}).method('saveSettings', { request: ([changes], { actor }) => ({ actor, changes }), reply: () => true });

/**
 * Internal (no REST or DDP face): accounts says an administrator exists (it seeded one, or the first registered
 * user became one). As Rocket.Chat at start-up and in `insertUserDoc`, a `pending` wizard moves to `in_progress`,
 * so the web client starts it at the organisation step, after the administrator's.
 */
export const setupWizardAdminExists = defineRpc({
  subject: 'settings.setupWizardAdminExists',
  request: z.strictObject({}),
  response: as<{ state: SetupWizardState }>(),
});

/**
 * `POST /api/v1/cloud.registerPreIntent` (needs `manage-cloud`): the setup wizard's registration step asks
 * whether the server can reach Rocket.Chat Cloud. This server never does, so it answers `offline: true`, as
 * Rocket.Chat does when the cloud cannot be reached.
 */
export const cloudRegisterPreIntent = defineRpc({
  subject: 'settings.cloudRegisterPreIntent',
  request: z.strictObject({ actor: ActorField }),
  response: as<{ offline: boolean }>(),
}).post('cloud.registerPreIntent', { request: ({ actor }) => ({ actor }) });
