/** Rocket.Chat's `ICustomUserStatus`: a status an administrator defined (`rocketchat_custom_user_status`). */
export interface ICustomUserStatus {
  _id: string;
  name: string;
  statusType: string;
  _updatedAt: Date;
}

/** Rocket.Chat's `ICustomSound`: an uploaded notification sound (`rocketchat_custom_sounds`). */
export interface ICustomSound {
  _id: string;
  name: string;
  extension: string;
  /** The stored body's bytes (this server's: byte ranges of `GET /custom-sounds/…`); absent before an upload. */
  size?: number;
  _updatedAt?: Date;
}

/**
 * Rocket.Chat's `IEmojiCustom` (`rocketchat_custom_emoji`): an uploaded emoji used as `:name:` or `:alias:`.
 * The image lives in the file storage under `etag`, which changes with every new image.
 */
export interface IEmojiCustom {
  _id: string;
  name: string;
  aliases: string[];
  extension: string;
  etag?: string;
  _updatedAt: Date;
}
