/** An upload's entry in a message (`file`, `files`), as Rocket.Chat's `FileProp`. */
export interface FileProp {
  _id: string;
  name: string;
  type: string;
  size: number;
  format: string;
  typeGroup?: string;
}

/** Rocket.Chat's upload metadata document (`rocketchat_uploads`); the body lives in the file storage. */
export interface IUpload {
  _id: string;
  name: string;
  size: number;
  type: string;
  typeGroup?: string;
  extension?: string;
  description?: string;
  rid: string;
  userId: string;
  /** `<storage type>:<store>`: `GridFS:Uploads`, `FileSystem:Uploads`, `AmazonS3:Uploads`, `…:Avatars`. */
  store: string;
  complete: boolean;
  uploading: boolean;
  progress: number;
  etag: string;
  path: string;
  url: string;
  uploadedAt: Date;
  _updatedAt: Date;
  identify?: { format?: string; size?: { width: number; height: number } };
  /** A thumbnail's original. */
  originalFileId?: string;
  /** Set while the upload awaits its message (`rooms.media` before `rooms.mediaConfirm`). */
  expiresAt?: Date;
  /** S3 bodies: the object's key, as Rocket.Chat records it. */
  AmazonS3?: { path: string };
}

/** `FileUpload_Storage_Type` and what that storage needs (`FileUpload_FileSystemPath`, `FileUpload_S3_*`). */
export type StorageConfig =
  | {
      type: 'GridFS';
      /** The GridFS bucket: `rocketchat_uploads` when absent, `rocketchat_avatars` for avatars. */
      bucket?: string;
    }
  | { type: 'FileSystem'; path: string }
  | {
      type: 'AmazonS3';
      bucket: string;
      region: string;
      /** `FileUpload_S3_BucketURL`: an S3-compatible server's address; AWS when empty. */
      endpoint: string;
      forcePathStyle: boolean;
      accessKeyId: string;
      secretAccessKey: string;
      /** `FileUpload_S3_URLExpiryTimeSpan`, seconds. */
      urlExpirySeconds: number;
      /** `FileUpload_S3_Proxy_Uploads`: downloads through the server; off, a redirect to a signed URL. */
      proxy: boolean;
    };
export type S3StorageConfig = Extract<StorageConfig, { type: 'AmazonS3' }>;

/**
 * Rocket.Chat's avatar metadata (`rocketchat_avatars`): a user's (`userId`, `name` = the username) or a room's
 * (`rid`); the body lives in the file storage under `_id`, as uploads do.
 */
export interface IAvatar {
  _id: string;
  /** The username, for a user's avatar. */
  name?: string;
  userId?: string;
  rid?: string;
  /** Who set a room's avatar. */
  uid?: string;
  type: string;
  size: number;
  /** `<storage type>:Avatars`. */
  store: string;
  complete: boolean;
  uploading: boolean;
  progress: number;
  etag: string;
  identify?: { format?: string; size?: { width: number; height: number } };
  uploadedAt: Date;
  _updatedAt: Date;
}
