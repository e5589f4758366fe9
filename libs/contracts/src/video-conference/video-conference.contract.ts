import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField, EntityIdField } from '../rooms/common-fields.js';

/**
 * Rocket.Chat's video conferences come from a provider app (Jitsi, Pexip, BigBlueButton…), which no app here can be:
 * the apps-engine has no video-conference bridge. The web client's Call button asks `video-conference.capabilities`
 * first and shows "an app is required" on Rocket.Chat's `no-videoconf-provider-app`, which both routes answer.
 */
export const videoConferenceCapabilities = defineRpc({
  subject: 'videoConference.capabilities',
  request: z.strictObject({ actor: ActorField }),
  response: as<never>(),
}).get('video-conference.capabilities', { request: ({ actor }) => ({ actor }) });

/** `video-conference.start {roomId, title?, allowRinging?}`: `invalid-params` for a room the caller cannot read. */
export const videoConferenceStart = defineRpc({
  subject: 'videoConference.start',
  request: z.strictObject({
    actor: ActorField,
    roomId: EntityIdField,
    title: z.string().max(1024).optional(),
    allowRinging: z.boolean().optional(),
  }),
  response: as<never>(),
}).post('video-conference.start', {
  request: ({ body, actor }) => ({ actor, roomId: body.roomId, title: body.title, allowRinging: body.allowRinging }),
});

/** `video-conference.providers`: the installed provider apps, none. */
export const videoConferenceProviders = defineRpc({
  subject: 'videoConference.providers',
  request: z.strictObject({ actor: ActorField }),
  response: as<{ data: Array<{ key: string; label: string }> }>(),
}).get('video-conference.providers', { request: ({ actor }) => ({ actor }) });
