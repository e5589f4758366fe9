import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { boolean } from '../core/wire-params.js';
import { ActorField } from '../rooms/common-fields.js';

/**
 * Rocket.Chat's `license:getModules`, which its clients read at start-up to show or hide enterprise features:
 * this server runs no enterprise license, so no module is ever enabled. Open to anyone, as in Rocket.Chat.
 */
export const licenseModules = defineRpc({
  subject: 'license.modules',
  request: z.strictObject({}),
  response: as<string[]>(),
}).method('license:getModules', { auth: 'optional', request: () => ({}) });

/** Rocket.Chat's `license:isEnterprise`: whether a valid enterprise license is installed — never here. */
export const licenseIsEnterprise = defineRpc({
  subject: 'license.isEnterprise',
  request: z.strictObject({}),
  response: as<boolean>(),
}).method('license:isEnterprise', { auth: 'optional', request: () => ({}) });

/** What `licenses.info` answers: Rocket.Chat's `LicenseInfo` of a workspace without a license. */
export interface LicenseInfo {
  license?: undefined;
  activeModules: string[];
  externalModules: string[];
  preventedActions: Record<string, boolean>;
  limits: Record<string, { max: number; value?: number }>;
  tags: Array<{ name: string; color: string }>;
  trial: boolean;
  hasValidLicense: boolean;
}

/**
 * `licenses.info`, which Rocket.Chat's web client reads in every session (its license hooks): no license, no module,
 * no action prevented; the limits (each unlimited) only for holders of `view-privileged-setting`, as Rocket.Chat
 * shows them. `loadValues` is accepted, but the limits' current values (users, apps, contacts counted) are not loaded.
 */
export const licenseInfo = defineRpc({
  subject: 'license.info',
  request: z.strictObject({ actor: ActorField, loadValues: z.boolean().default(false) }),
  response: as<{ license: LicenseInfo }>(),
}).get('licenses.info', {
  request: ({ query, actor }) => ({ actor, loadValues: query.loadValues === undefined ? undefined : boolean(query.loadValues) }),
});
