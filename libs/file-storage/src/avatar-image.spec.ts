import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError } from '@rc/contracts';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { storeAvatarBody } from './avatar-image.js';
import { FileSystemDriver } from './drivers/file-system.driver.js';

const photo = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 200 } } })
    .jpeg()
    .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: 'secret-camera-owner' } } })
    .toBuffer();

describe('storeAvatarBody', () => {
  let directory: string;
  let driver: FileSystemDriver;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'avatar-image-'));
    driver = new FileSystemDriver(directory);
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('cuts a photo to the square size, upright and without its EXIF data', async () => {
    const stored = await storeAvatarBody(driver, 'photo1', Readable.from([await photo(400, 300)]), { maxBytes: 1_000_000, resize: 64 });
    expect(stored).toMatchObject({ type: 'image/jpeg', format: 'jpeg', width: 64, height: 64 });
    const body = await readFile(join(directory, 'photo1'));
    expect(body.length).toBe(stored.size);
    const metadata = await sharp(body).metadata();
    expect([metadata.width, metadata.height, metadata.orientation]).toEqual([64, 64, undefined]);
    expect(body.includes(Buffer.from('secret-camera-owner'))).toBe(false);
  });

  it('keeps the size without resizing, and stores a GIF as PNG', async () => {
    const gif = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#ff0000' } })
      .gif()
      .toBuffer();
    const stored = await storeAvatarBody(driver, 'gif1', Readable.from([gif]), { maxBytes: 1_000_000 });
    expect(stored).toMatchObject({ type: 'image/png', width: 30, height: 20 });
  });

  it('refuses what is not an image, an empty body and a body over the limit, storing nothing', async () => {
    const refusals = [
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'error-invalid-file'],
      [Buffer.alloc(0), 'error-invalid-file'],
      [await photo(800, 800), 'error-file-too-large'],
    ] as const;
    for (const [bytes, code] of refusals) {
      const failure = await storeAvatarBody(driver, 'refused', Readable.from(bytes.length ? [bytes] : []), { maxBytes: 2_000 }).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(DomainError);
      expect((failure as DomainError).code).toBe(code);
    }
    // A PNG signature followed by garbage: sniffed as PNG, refused by the decoder.
    const broken = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(5000, 7)]);
    const failure = await storeAvatarBody(driver, 'broken', Readable.from([broken]), { maxBytes: 100_000 }).catch(
      (error: unknown) => error,
    );
    expect((failure as DomainError).code).toBe('error-invalid-file');
    expect((await readdir(directory)).sort()).toEqual(['gif1', 'photo1']);
  });
});
