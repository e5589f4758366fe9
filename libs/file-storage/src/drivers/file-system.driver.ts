import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StoredBodyMissing, type ByteRange, type FileStorageDriver } from '../file-storage-driver.js';
import { assertSafeKey } from './safe-key.js';

/**
 * Bodies as files in `FileUpload_FileSystemPath`, one per upload id. A body is written to a temporary name,
 * fsynced and renamed when complete, so a reader never sees half a file and a failed write leaves none.
 */
export class FileSystemDriver implements FileStorageDriver {
  readonly kind = 'FileSystem' as const;
  private readonly directory: string;

  constructor(directory: string) {
    this.directory = resolve(directory);
  }

  async write(key: string, body: Readable): Promise<number> {
    const target = this.pathOf(key);
    const partial = `${target}.part-${randomBytes(6).toString('hex')}`;
    await mkdir(this.directory, { recursive: true });
    try {
      await pipeline(body, createWriteStream(partial, { flags: 'wx' }));
      const handle = await open(partial, 'r');
      await handle.sync().finally(() => handle.close());
      await rename(partial, target);
      return (await stat(target)).size;
    } catch (error) {
      await unlink(partial).catch(() => undefined);
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.pathOf(key);
    try {
      await stat(path);
    } catch {
      throw new StoredBodyMissing(key);
    }
    return createReadStream(path, range);
  }

  async delete(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  private pathOf(key: string): string {
    assertSafeKey(key);
    return join(this.directory, key);
  }
}
