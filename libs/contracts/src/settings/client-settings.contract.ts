import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField } from '../rooms/common-fields.js';
import type { ISetting } from '../typings/setting.js';

/** What the clients' settings sync answers: settings changed, and settings deleted (never, here: none are). */
export interface SettingsSync {
  update: ISetting[];
  remove: Array<{ _id: string; _deletedAt: Date }>;
}

/** Meteor's `Match.Maybe(Date)` reading of the clients' optional `updatedAt`: anything else means "everything". */
const since = (updatedAt: unknown): Date | undefined => (updatedAt instanceof Date ? updatedAt : undefined);

/** Without a date the clients get the plain list; with one, `{update, remove}` (Rocket.Chat's two forms). */
const syncReply = (result: SettingsSync, [updatedAt]: readonly unknown[]) => (updatedAt instanceof Date ? result : result.update);

/**
 * Rocket.Chat's `public-settings/get`, the web client's first call (its loading screen waits for it): every
 * public, visible setting as a whole document, or those changed after `updatedAt`. No login needed.
 */
export const settingsPublicSync = defineRpc({
  subject: 'settings.publicSync',
  request: z.strictObject({ updatedSince: z.date().optional() }),
  response: as<SettingsSync>(),
})
  .method('public-settings/get', { auth: 'optional', request: ([updatedAt]) => ({ updatedSince: since(updatedAt) }), reply: syncReply })
  // Rocket.Chat's newer name for the same method (its clients call either).
  .method('public-settings:get', { auth: 'optional', request: ([updatedAt]) => ({ updatedSince: since(updatedAt) }), reply: syncReply });

/**
 * Rocket.Chat's `private-settings/get` (the administration pages): every visible setting for holders of
 * `view-privileged-setting` or `edit-privileged-setting`; with `manage-selected-settings`, those with
 * `change-setting-<id>`; an empty list for anyone else, logged in or not (Rocket.Chat refuses nobody here).
 */
export const settingsPrivateSync = defineRpc({
  subject: 'settings.privateSync',
  request: z.strictObject({ actor: ActorField.optional(), updatedSince: z.date().optional() }),
  response: as<SettingsSync>(),
})
  .method('private-settings/get', {
    auth: 'optional',
    request: ([updatedAt], { actor }) => ({ actor, updatedSince: since(updatedAt) }),
    reply: syncReply,
  })
  .method('private-settings:get', {
    auth: 'optional',
    request: ([updatedAt], { actor }) => ({ actor, updatedSince: since(updatedAt) }),
    reply: syncReply,
  });
