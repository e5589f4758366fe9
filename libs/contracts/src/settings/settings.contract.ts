import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField, PaginationFields, type Page } from '../rooms/common-fields.js';
import type { SettingValue } from '../typings/setting.js';

/** A setting's id as Rocket.Chat names them (`Message_MaxAllowedSize`, `Site_Url`, …). */
export const SettingIdField = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/, 'expected a setting id')
  .max(128);

/** What a settings list answers per setting. */
export interface SettingView {
  _id: string;
  value: SettingValue;
}

/** `GET /api/v1/settings.public` (no login needed): the public settings, optionally only the given ids. */
export const settingsListPublic = defineRpc({
  subject: 'settings.listPublic',
  request: z.strictObject({ ids: z.array(SettingIdField).max(500).optional(), ...PaginationFields }),
  response: as<Page<SettingView>>(),
});

/** `GET /api/v1/settings/:_id` (needs `view-privileged-setting`). */
export const settingsGet = defineRpc({
  subject: 'settings.get',
  request: z.strictObject({ actor: ActorField, _id: SettingIdField }),
  response: as<SettingView>(),
});

/** `POST /api/v1/settings/:_id` (needs `edit-privileged-setting`): the value must fit the setting's type. */
export const settingsUpdate = defineRpc({
  subject: 'settings.update',
  request: z.strictObject({
    actor: ActorField,
    _id: SettingIdField,
    value: z.union([z.string().max(100_000), z.number(), z.boolean(), z.array(z.string().max(1024)).max(500), z.null()]),
  }),
  response: as<{ ok: true }>(),
});
