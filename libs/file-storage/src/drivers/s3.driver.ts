import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  NoSuchKey,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Readable } from 'node:stream';
import { StoredBodyMissing, type BodyInfo, type ByteRange, type FileStorageDriver } from '../file-storage-driver.js';
import type { S3StorageConfig } from '@rc/contracts';
import { assertSafeKey } from './safe-key.js';

/** Parts of a multipart upload: at most `PART_SIZE × QUEUE_SIZE` of a body is in memory at once. */
const PART_SIZE = 5 * 1024 * 1024;
const QUEUE_SIZE = 2;

/**
 * Bodies as objects of an S3 bucket (AWS or any S3-compatible server): a multipart upload fed by the stream,
 * aborted when the stream fails, so no object and no orphaned parts remain.
 */
export class S3Driver implements FileStorageDriver {
  readonly kind = 'AmazonS3' as const;
  private readonly client: S3Client;

  constructor(private readonly config: S3StorageConfig) {
    this.client = new S3Client({
      region: config.region || 'us-east-1',
      ...(config.endpoint && { endpoint: config.endpoint }),
      forcePathStyle: config.forcePathStyle,
      ...(config.accessKeyId && { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } }),
    });
  }

  async write(key: string, body: Readable, info: BodyInfo): Promise<number> {
    assertSafeKey(key);
    let size = 0;
    body.on('data', (chunk: Buffer) => (size += chunk.length));
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.config.bucket, Key: key, Body: body, ContentType: info.contentType },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    // A failing body must fail the upload even when lib-storage is not reading at that moment.
    const failed = new Promise<never>((_, reject) => body.once('error', reject));
    const done = upload.done();
    try {
      await Promise.race([done, failed]);
      return size;
    } catch (error) {
      // The caller answers at once (a body over the limit is refused at the limit); the removal, several round
      // trips to the server, goes on behind the answer.
      void this.removeFailedUpload(upload, done, key);
      throw error;
    }
  }

  private async removeFailedUpload(upload: Upload, done: Promise<unknown>, key: string): Promise<void> {
    await upload.abort().catch(() => undefined);
    // Once lib-storage has stopped sending parts, no multipart upload of this key may remain.
    await Promise.race([done.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    await this.abortMultipartUploads(key).catch(() => undefined);
    await this.delete(key).catch(() => undefined);
  }

  private async abortMultipartUploads(key: string): Promise<void> {
    const { Uploads = [] } = await this.client.send(new ListMultipartUploadsCommand({ Bucket: this.config.bucket, Prefix: key }));
    await Promise.all(
      Uploads.filter((pending) => pending.Key === key).map((pending) =>
        this.client.send(new AbortMultipartUploadCommand({ Bucket: this.config.bucket, Key: key, UploadId: pending.UploadId })),
      ),
    );
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    assertSafeKey(key);
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.config.bucket, Key: key, ...(range && { Range: `bytes=${range.start}-${range.end}` }) }),
      );
      return object.Body as Readable;
    } catch (error) {
      if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)) {
        throw new StoredBodyMissing(key);
      }
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: key }));
  }

  signedUrl(key: string, headers: { contentType: string; contentDisposition: string }): Promise<string> {
    assertSafeKey(key);
    const command = new GetObjectCommand({
      Bucket: this.config.bucket,
      Key: key,
      ResponseContentType: headers.contentType,
      ResponseContentDisposition: headers.contentDisposition,
    });
    return getSignedUrl(this.client, command, { expiresIn: this.config.urlExpirySeconds });
  }

  destroy(): void {
    this.client.destroy();
  }
}
