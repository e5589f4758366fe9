import { ListMultipartUploadsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type mongoose from 'mongoose';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Proxy } from './s3proxy.js';

/** A storage the suite runs on: the settings that select it, and what it holds, read directly. */
export interface StorageBackend {
  readonly type: 'GridFS' | 'FileSystem' | 'AmazonS3';
  readonly settings: Record<string, string | number | boolean>;
  /** Keys of every stored body (GridFS: files documents and chunks' owners; a directory's files; a bucket's objects). */
  storedKeys(): Promise<string[]>;
  /** Bodies being written: what storedKeys shows, plus S3's multipart uploads not completed. */
  inProgress(): Promise<string[]>;
  close(): Promise<void>;
}

export function gridFsBackend(db: mongoose.Connection): StorageBackend {
  const backend: StorageBackend = {
    type: 'GridFS',
    settings: { FileUpload_Storage_Type: 'GridFS' },
    async storedKeys() {
      const files = await db
        .collection('rocketchat_uploads.files')
        .find({}, { projection: { _id: 1 } })
        .toArray();
      const owners = await db.collection('rocketchat_uploads.chunks').distinct('files_id');
      return [...new Set([...files.map((file) => String(file._id)), ...owners.map(String)])];
    },
    inProgress: () => backend.storedKeys(),
    close: () => Promise.resolve(),
  };
  return backend;
}

export async function fileSystemBackend(): Promise<StorageBackend> {
  const directory = await mkdtemp(join(tmpdir(), 'rocket-nest-uploads-'));
  return {
    type: 'FileSystem',
    settings: { FileUpload_Storage_Type: 'FileSystem', FileUpload_FileSystemPath: directory },
    storedKeys: () => readdir(directory),
    // A body being written is a `<id>.part-…` file until it is complete.
    inProgress: () => readdir(directory),
    close: () => rm(directory, { recursive: true, force: true }),
  };
}

export async function s3Backend(): Promise<StorageBackend & { server: S3Proxy; client: S3Client; bucket: string }> {
  const server = await S3Proxy.start();
  const bucket = 'rocket-nest-e2e';
  await server.createBucket(bucket);
  const client = new S3Client({ region: 'us-east-1', endpoint: server.endpoint, forcePathStyle: true, credentials: server.credentials });
  const storedKeys = async () => {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
    return (listed.Contents ?? []).map((object) => object.Key!);
  };
  return {
    type: 'AmazonS3',
    server,
    client,
    bucket,
    settings: {
      FileUpload_Storage_Type: 'AmazonS3',
      FileUpload_S3_Bucket: bucket,
      FileUpload_S3_Region: 'us-east-1',
      FileUpload_S3_BucketURL: server.endpoint,
      FileUpload_S3_ForcePathStyle: true,
      FileUpload_S3_AWSAccessKeyId: server.credentials.accessKeyId,
      FileUpload_S3_AWSSecretAccessKey: server.credentials.secretAccessKey,
      FileUpload_S3_Proxy_Uploads: true,
    },
    storedKeys,
    async inProgress() {
      const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
      return [...(await storedKeys()), ...(uploads.Uploads ?? []).map((upload) => `${upload.Key!} (multipart)`)];
    },
    async close() {
      client.destroy();
      await server.stop();
    },
  };
}
