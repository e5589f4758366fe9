import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField, EntityIdField } from '../rooms/common-fields.js';

const notificationChoice = z.enum(['default', 'all', 'mentions', 'nothing']);
const text = z.string().max(256);

/**
 * The user preferences Rocket.Chat's `users.setPreferences` accepts (its rest-typings schema, unknown keys refused).
 * The push rules read `pushNotifications` (`default` removes it: the server's default applies) and `highlights`.
 */
export const UserPreferencesFields = z.strictObject({
  pushNotifications: notificationChoice.optional(),
  desktopNotifications: notificationChoice.optional(),
  emailNotificationMode: z.enum(['default', 'nothing', 'mentions']).optional(),
  highlights: z.array(z.string().max(256)).max(100).optional(),
  enableMobileRinging: z.boolean().optional(),
  desktopNotificationRequireInteraction: z.boolean().optional(),
  muteFocusedConversations: z.boolean().optional(),
  newRoomNotification: text.optional(),
  newMessageNotification: text.optional(),
  notificationsSoundVolume: z.number().int().min(0).max(100).optional(),
  unreadAlert: z.boolean().optional(),
  enableAutoAway: z.boolean().optional(),
  idleTimeLimit: z.number().int().min(0).optional(),
  receiveLoginDetectionEmail: z.boolean().optional(),
  notifyCalendarEvents: z.boolean().optional(),
  language: text.optional(),
  clockMode: z.number().int().min(0).max(2).optional(),
  useEmojis: z.boolean().optional(),
  convertAsciiEmoji: z.boolean().optional(),
  saveMobileBandwidth: z.boolean().optional(),
  collapseMediaByDefault: z.boolean().optional(),
  autoImageLoad: z.boolean().optional(),
  hideUsernames: z.boolean().optional(),
  hideRoles: z.boolean().optional(),
  displayAvatars: z.boolean().optional(),
  hideFlexTab: z.boolean().optional(),
  sendOnEnter: text.optional(),
  sidebarShowFavorites: z.boolean().optional(),
  sidebarShowUnread: z.boolean().optional(),
  sidebarSortby: text.optional(),
  sidebarViewMode: text.optional(),
  sidebarDisplayAvatar: z.boolean().optional(),
  sidebarGroupByType: z.boolean().optional(),
  themeAppearence: text.optional(),
  fontSize: text.optional(),
  mentionsWithSymbol: z.boolean().optional(),
  messageViewMode: z.number().int().optional(),
  dontAskAgainList: z
    .array(z.strictObject({ action: text, label: text }))
    .max(100)
    .optional(),
});
export type UserPreferences = z.infer<typeof UserPreferencesFields>;

/**
 * `POST users.setPreferences` {userId?, data} and Meteor `saveUserPreferences(data)`: the caller's preferences
 * (another user's with `edit-other-user-info`). Answers the user's `_id` and `settings.preferences`.
 */
export const accountsSetPreferences = defineRpc({
  subject: 'accounts.setPreferences',
  request: z.strictObject({ actor: ActorField, userId: EntityIdField.optional(), data: UserPreferencesFields }),
  response: as<{ user: { _id: string; settings: { preferences: Record<string, unknown> } } }>(),
})
  .post('users.setPreferences', { request: ({ body, actor }) => ({ actor, userId: body.userId, data: body.data }) })
  .method('saveUserPreferences', { request: ([data], { actor }) => ({ actor, userId: undefined, data }), reply: () => true });

/**
 * `GET users.getPreferences`: the caller's own stored preferences (`settings.preferences`) with their `language`,
 * as Rocket.Chat answers it (no server defaults filled in: `/me` has those).
 */
export const accountsGetPreferences = defineRpc({
  subject: 'accounts.getPreferences',
  request: z.strictObject({ actor: ActorField }),
  response: as<{ preferences: Record<string, unknown> }>(),
}).get('users.getPreferences', { request: ({ actor }) => ({ actor }) });
