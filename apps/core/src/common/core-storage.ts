import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { StorageDrivers } from '@rc/file-storage';
import type { Connection } from 'mongoose';

/** Core's one set of storage drivers (GridFS on core's own connection, file system, S3), closed at shutdown. */
@Injectable()
export class CoreStorage extends StorageDrivers implements OnModuleDestroy {
  constructor(@InjectConnection() connection: Connection) {
    super(() => Promise.resolve(connection.db!));
  }

  onModuleDestroy(): void {
    this.close();
  }
}
