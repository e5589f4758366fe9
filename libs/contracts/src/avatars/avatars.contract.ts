import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField, EntityIdField } from '../rooms/common-fields.js';
import type { IAvatar, StorageConfig } from '../typings/upload.js';

/**
 * Avatars of users and rooms (Rocket.Chat's `rocketchat_avatars` and the `Avatars` file store). Bodies never
 * cross NATS: a multipart `users.setAvatar` streams from the gateway into the file storage; an `avatarUrl` is
 * fetched by core straight into it. These requests carry the decisions and the metadata.
 */

/** Longest data URI accepted (DDP `setAvatarFromService`, `roomAvatar`): it travels in one NATS message. */
export const MAX_AVATAR_DATA_URI = 800_000;

const UserTarget = {
  userId: EntityIdField.optional(),
  username: z.string().min(1).max(255).optional(),
};

/** What a multipart avatar upload must respect. */
export interface AvatarTicket {
  /** The id the body is stored under. */
  fileId: string;
  /** The largest body accepted, bytes (`FileUpload_MaxFileSize`, capped for decoding). */
  maxFileSize: number;
  /** Where avatars go (`FileUpload_Storage_Type`). */
  storage: StorageConfig;
  /** `Accounts_AvatarResize` on: the square size (`Accounts_AvatarSize`) avatars are cut to. */
  resize?: number;
}

/** `users.setAvatar` with an image: may the caller change avatars at all, and under which rules. */
export const avatarsStart = defineRpc({
  subject: 'avatars.start',
  request: z.strictObject({ actor: ActorField }),
  response: as<AvatarTicket>(),
});

export const StoredAvatarField = z.strictObject({
  _id: EntityIdField,
  size: z.number().int().min(1),
  type: z.string().regex(/^image\/[a-z0-9.+-]+$/),
  store: z.string().regex(/^(GridFS|FileSystem|AmazonS3):Avatars$/),
  identify: z.strictObject({
    format: z.string().max(32),
    size: z.strictObject({ width: z.number().int().positive(), height: z.number().int().positive() }),
  }),
});
export type StoredAvatar = z.infer<typeof StoredAvatarField>;

/**
 * A body the gateway stored becomes the avatar of the caller, or of the user named by the form's `userId` /
 * `username` (`edit-other-user-avatar`). Refused: the gateway removes the body.
 */
export const avatarsSetUserAvatar = defineRpc({
  subject: 'avatars.setUserAvatar',
  request: z.strictObject({ actor: ActorField, ...UserTarget, avatar: StoredAvatarField }),
  response: as<{ ok: true }>(),
});

/**
 * Rocket.Chat's `setAvatarFromService(dataURI, contentType, service, targetUserId)`: `service` `url` fetches
 * the image (`users.setAvatar`'s `avatarUrl` too), `initials` goes back to the generated avatar, anything else
 * reads `data` as a `data:image/…;base64,…` URI.
 */
export const avatarsSetFromService = defineRpc({
  subject: 'avatars.setFromService',
  request: z.strictObject({
    actor: ActorField,
    data: z.string().min(1, 'Invalid dataURI').max(MAX_AVATAR_DATA_URI),
    contentType: z.string().max(255).optional(),
    service: z.string().max(64).optional(),
    ...UserTarget,
  }),
  response: as<{ ok: true }>(),
}).method('setAvatarFromService', {
  request: ([data, contentType, service, targetUserId], { actor }) => ({
    actor,
    data,
    contentType: contentType ?? undefined,
    service: service ?? undefined,
    userId: targetUserId ?? undefined,
    username: undefined,
  }),
  reply: () => undefined,
});

/** Back to the generated avatar: `users.resetAvatar` (`userId` / `username`), Meteor `resetAvatar(userId?)`. */
export const avatarsReset = defineRpc({
  subject: 'avatars.reset',
  request: z.strictObject({ actor: ActorField, ...UserTarget }),
  response: as<{ ok: true }>(),
})
  .post('users.resetAvatar', {
    request: ({ body, actor }) => ({ actor, userId: body.userId, username: body.username }),
    reply: () => ({}),
  })
  .method('resetAvatar', {
    request: ([userId], { actor }) => ({ actor, userId: userId ?? undefined, username: undefined }),
    reply: () => undefined,
  });

/** `users.getAvatar`: the username whose avatar a `userId` / `username` names (Rocket.Chat's `getUserFromParams`). */
export const avatarsUserOf = defineRpc({
  subject: 'avatars.userOf',
  request: z.strictObject(UserTarget),
  response: as<{ username: string }>(),
});

/** What `GET /avatar/…` serves: the stored avatar when there is one, else the name its initials come from. */
export interface AvatarToServe {
  avatar?: { file: IAvatar; storage: StorageConfig };
  /** The name of the generated avatar (a username, a room's name). */
  initialsOf: string;
  /** `Accounts_AvatarCacheTime`, seconds. */
  cacheTime: number;
}

/**
 * `GET /avatar/:username` (`username`) and `GET /avatar/room/:rid` (`rid`; a direct message without its own
 * avatar shows the other member's, `viewerId` telling who looks). Not found: a room that does not exist.
 */
export const avatarsForServe = defineRpc({
  subject: 'avatars.forServe',
  request: z.strictObject({
    username: z.string().min(1).max(255).optional(),
    rid: EntityIdField.optional(),
    viewerId: EntityIdField.optional(),
  }),
  response: as<AvatarToServe>(),
});

/** A picture `users.getAvatarSuggestion` offers: where it was found and its bytes as a data URI. */
export interface AvatarSuggestion {
  service: string;
  url: string;
  blob: string;
  contentType: string;
}

/**
 * `users.getAvatarSuggestion` (the web and mobile profile's avatar editor): the pictures the user could take, by
 * service — Gravatar's for their e-mail addresses — each fetched by the server, those that answer kept.
 */
export const avatarsSuggestions = defineRpc({
  subject: 'avatars.suggestions',
  request: z.strictObject({ actor: ActorField }),
  response: as<{ suggestions: Record<string, AvatarSuggestion> }>(),
}).get('users.getAvatarSuggestion', { request: ({ actor }) => ({ actor }) });
