import type mongoose from 'mongoose';
import { FileSystemDriver } from './drivers/file-system.driver.js';
import { GridFsDriver } from './drivers/gridfs.driver.js';
import { S3Driver } from './drivers/s3.driver.js';
import type { FileStorageDriver } from './file-storage-driver.js';
import type { StorageConfig } from '@rc/contracts';

type Db = NonNullable<mongoose.Connection['db']>;

/**
 * One driver per storage configuration, made on first use and kept: an administrator's change of
 * `FileUpload_Storage_Type` (or of the bucket, the path, …) takes effect on the next upload, while bodies
 * already stored elsewhere stay readable through their own configuration.
 */
export class StorageDrivers {
  private readonly drivers = new Map<string, FileStorageDriver>();

  /** `database`: the MongoDB database GridFS writes to, opened when GridFS is first used. */
  constructor(private readonly database: () => Promise<Db>) {}

  async driverFor(config: StorageConfig): Promise<FileStorageDriver> {
    const key = JSON.stringify(config);
    const existing = this.drivers.get(key);
    if (existing) return existing;
    const driver = await this.create(config);
    this.drivers.set(key, driver);
    return driver;
  }

  close(): void {
    for (const driver of this.drivers.values()) if (driver instanceof S3Driver) driver.destroy();
    this.drivers.clear();
  }

  private async create(config: StorageConfig): Promise<FileStorageDriver> {
    switch (config.type) {
      case 'GridFS':
        return new GridFsDriver(await this.database(), config.bucket);
      case 'FileSystem':
        return new FileSystemDriver(config.path);
      case 'AmazonS3':
        return new S3Driver(config);
    }
  }
}
