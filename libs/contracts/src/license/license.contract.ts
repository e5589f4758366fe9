import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';

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
