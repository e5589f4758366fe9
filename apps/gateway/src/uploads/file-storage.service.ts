import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { StorageConfig } from '@rc/contracts';
import { StorageDrivers, type FileStorageDriver } from '@rc/file-storage';
import { APP_CONFIG } from '@rc/platform';
import mongoose from 'mongoose';
import type { GatewayConfig } from '../gateway.env.js';

/**
 * The gateway's file storage: the drivers per configuration, and the MongoDB connection GridFS needs (opened on
 * first use; the gateway has no other use for the database). Bodies move between the HTTP socket and here.
 */
@Injectable()
export class FileStorageService implements OnModuleDestroy {
  private connection?: Promise<mongoose.Connection>;
  private readonly drivers = new StorageDrivers(async () => {
    const connection = await (this.connection ??= this.connect());
    return connection.db!;
  });

  constructor(@Inject(APP_CONFIG) private readonly config: GatewayConfig) {}

  driverFor(storage: StorageConfig): Promise<FileStorageDriver> {
    return this.drivers.driverFor(storage);
  }

  async onModuleDestroy(): Promise<void> {
    this.drivers.close();
    await (await this.connection?.catch(() => undefined))?.close();
  }

  private connect(): Promise<mongoose.Connection> {
    const connection = mongoose.createConnection(this.config.MONGO_URL, {
      // Same promise as every app's writes: a stored chunk is journalled on a majority.
      writeConcern: { w: 'majority', journal: true },
      serverSelectionTimeoutMS: 5_000,
      autoIndex: false,
      autoCreate: false,
    });
    return connection.asPromise().catch((error: unknown) => {
      this.connection = undefined;
      throw error;
    });
  }
}
