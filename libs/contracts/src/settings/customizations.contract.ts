import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import type { ICustomSound, ICustomUserStatus } from '../typings/customization.js';

/** Rocket.Chat's `listCustomUserStatus`: every custom status, for logged-in users (`error-invalid-user` otherwise). */
export const customUserStatusList = defineRpc({
  subject: 'customizations.userStatuses',
  request: z.strictObject({}),
  response: as<ICustomUserStatus[]>(),
}).method('listCustomUserStatus', { request: () => ({}) });

/** Rocket.Chat's `listCustomSounds`: every custom sound, to anyone (Rocket.Chat asks for no login here). */
export const customSoundsList = defineRpc({
  subject: 'customizations.sounds',
  request: z.strictObject({}),
  response: as<ICustomSound[]>(),
}).method('listCustomSounds', { auth: 'optional', request: () => ({}) });
