import type { Publication } from '../session/publication.js';

/**
 * The event names each stream knows (Rocket.Chat's `StreamerEvents` in `@rocket.chat/ddp-client`): for the
 * streams keyed `<id>/<event>` the part after the slash, for the others the whole name. A subscription to
 * another event would never receive anything: it is ended at once (`nosub`), as Rocket.Chat's streamer stops a
 * publication it will not serve, instead of a `ready` that waits forever.
 */
export const KNOWN_STREAM_EVENTS = {
  notifyUser: new Set([
    'rooms-changed',
    'subscriptions-changed',
    'message',
    'force_logout',
    'webdav',
    'e2ekeyRequest',
    'notification',
    'call.hangup',
    'uiInteraction',
    'video-conference',
    'media-signal',
    'userData',
    'updateInvites',
    'departmentAgentData',
    'calendar',
    'banners',
    'otr',
    'webrtc',
  ]),
  notifyRoom: new Set([
    'user-activity',
    'typing',
    'deleteMessageBulk',
    'deleteMessage',
    'e2e.keyRequest',
    'videoconf',
    'messagesRead',
    'messagesImported',
    'webrtc',
    'otr',
  ]),
  notifyLogged: new Set([
    'updateCustomUserStatus',
    'permissions-changed',
    'deleteEmojiCustom',
    'updateEmojiCustom',
    'new-banner',
    'banner-changed',
    'roles-change',
    'Users:NameChanged',
    'private-settings-changed',
    'deleteCustomUserStatus',
    'user-status',
    'Users:Deleted',
    'updateAvatar',
    'omnichannel.priority-changed',
    'voip.events',
    'license',
  ]),
  notifyAll: new Set(['public-info', 'public-settings-changed', 'deleteCustomSound', 'updateCustomSound', 'license']),
  roles: new Set(['roles']),
  /** stream-apps and stream-apps-engine (Rocket.Chat's AppEvents). */
  apps: new Set([
    'app/added',
    'app/removed',
    'app/updated',
    'app/statusUpdate',
    'app/settingUpdated',
    'command/added',
    'command/disabled',
    'command/updated',
    'command/removed',
    'actions/changed',
  ]),
} as const;

/** Ends a subscription to an event the stream does not know (`nosub`); answers whether it did. */
export function endUnknownEvent(publication: Publication, known: ReadonlySet<string>, event: string): boolean {
  if (known.has(event)) return false;
  publication.stop();
  return true;
}
