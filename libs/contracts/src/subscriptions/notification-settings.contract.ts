import { z } from 'zod';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField, EntityIdField } from '../rooms/common-fields.js';

/**
 * `POST rooms.saveNotification` {roomId, notifications: {field: value}} and Meteor
 * `saveNotificationSettings(roomId, field, value)`: the caller's notification preferences for one room
 * (`desktopNotifications`, `mobilePushNotifications`, `emailNotifications`: `all|mentions|nothing|default`;
 * `disableNotifications`, `hideUnreadStatus`, `hideMentionStatus`, `muteGroupMentions`: `'0'|'1'` or booleans; …).
 */
export const saveNotificationSettings = defineRpc({
  subject: 'subscriptions.saveNotificationSettings',
  request: z.strictObject({
    actor: ActorField,
    roomId: EntityIdField,
    notifications: z.record(z.string().max(64), z.union([z.string().max(256), z.boolean(), z.number()])),
  }),
  response: as<{ ok: true }>(),
})
  .post('rooms.saveNotification', {
    request: ({ body, actor }) => {
      // Rocket.Chat's own checks, before anything else: `API.v1.failure(...)` texts.
      if (!body.roomId) throw new DomainError(ErrorCode.PlainFailure, "The 'roomId' param is required");
      const { notifications } = body;
      if (!notifications || typeof notifications !== 'object' || Object.keys(notifications).length === 0) {
        throw new DomainError(ErrorCode.PlainFailure, "The 'notifications' param is required");
      }
      return { actor, roomId: body.roomId, notifications };
    },
    reply: () => ({}),
  })
  .method('saveNotificationSettings', {
    request: ([roomId, field, value], { actor }) => ({
      actor,
      roomId,
      notifications: typeof field === 'string' ? { [field]: value } : field,
    }),
    reply: () => true,
  });
