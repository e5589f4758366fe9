import mongoose from 'mongoose';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StoredBodyMissing, type BodyInfo, type ByteRange, type FileStorageDriver } from '../file-storage-driver.js';
import { assertSafeKey } from './safe-key.js';

type Db = NonNullable<mongoose.Connection['db']>;

/** Rocket.Chat's bucket: `rocketchat_uploads.files` and `rocketchat_uploads.chunks` beside the metadata. */
export const GRIDFS_BUCKET = 'rocketchat_uploads';
/** Rocket.Chat's bucket of the Avatars store. */
export const GRIDFS_AVATARS_BUCKET = 'rocketchat_avatars';

/** How long a chunk insert already sent may take to land after a failed upload (then removed again). */
const LATE_WRITE_GRACE_MS = 2_000;

/** Bodies in MongoDB, in 255 KB chunks written as the stream arrives (the driver's GridFSBucket). */
export class GridFsDriver implements FileStorageDriver {
  readonly kind = 'GridFS' as const;
  private readonly bucket: mongoose.mongo.GridFSBucket;

  constructor(
    private readonly db: Db,
    private readonly bucketName = GRIDFS_BUCKET,
  ) {
    this.bucket = new mongoose.mongo.GridFSBucket(db, { bucketName });
  }

  async write(key: string, body: Readable, info: BodyInfo): Promise<number> {
    assertSafeKey(key);
    const upload = this.bucket.openUploadStreamWithId(key as never, key, { metadata: { contentType: info.contentType } });
    try {
      await pipeline(body, upload);
      return upload.length;
    } catch (error) {
      // Chunks already written (and a files document, if the stream got that far) are removed. The pipeline
      // fails at once, while a chunk insert sent just before may still be on its way: removed again a little later.
      await this.delete(key);
      // Not awaited: the caller answers its client now.
      setTimeout(() => void this.delete(key).catch(() => undefined), LATE_WRITE_GRACE_MS).unref();
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    assertSafeKey(key);
    const found = await this.bucket
      .find({ _id: key as never })
      .limit(1)
      .next();
    if (!found) throw new StoredBodyMissing(key);
    return this.bucket.openDownloadStream(key as never, range && { start: range.start, end: range.end + 1 });
  }

  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    await Promise.all([
      this.db.collection(`${this.bucketName}.files`).deleteOne({ _id: key as never }),
      this.db.collection(`${this.bucketName}.chunks`).deleteMany({ files_id: key }),
    ]);
  }
}
