import type { Readable } from 'node:stream';

/** Inclusive byte range of a stored body (HTTP `Range: bytes=start-end`). */
export interface ByteRange {
  start: number;
  end: number;
}

/** What a driver needs to know about a body it stores (S3 keeps it as the object's headers). */
export interface BodyInfo {
  contentType: string;
}

/**
 * Where file bodies live: GridFS, a directory, or an S3 bucket. Bodies are streams both ways, never buffers:
 * `write` consumes the stream as it arrives and, when the stream fails (client gone, limit reached, refused
 * type), removes whatever it had stored before rejecting, so a half-written body never remains.
 */
export interface FileStorageDriver {
  readonly kind: StorageType;
  /** Stores the stream under `key`; resolves with the bytes stored once the body is complete and durable. */
  write(key: string, body: Readable, info: BodyInfo): Promise<number>;
  /** The body (or a range of it); rejects with `StoredBodyMissing` when there is none. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Removes the body; a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** A time-limited URL the client may fetch directly (S3 only), with the download headers S3 must answer. */
  signedUrl?(key: string, headers: { contentType: string; contentDisposition: string }): Promise<string>;
}

export type StorageType = 'GridFS' | 'FileSystem' | 'AmazonS3';

export class StoredBodyMissing extends Error {
  constructor(key: string) {
    super(`no stored body for ${key}`);
  }
}
