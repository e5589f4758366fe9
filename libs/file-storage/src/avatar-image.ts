import { DomainError, ErrorCode } from '@rc/contracts';
import { fileTypeFromBuffer } from 'file-type';
import { Readable } from 'node:stream';
import sharp, { type OutputInfo } from 'sharp';
import type { FileStorageDriver } from './file-storage-driver.js';

/** Largest avatar read, bytes: sharp holds its input whole before decoding. */
export const MAX_AVATAR_BYTES = 20 * 1024 * 1024;
/** Largest picture decoded (a decompression bomb is refused from its header). */
export const MAX_AVATAR_PIXELS = 50_000_000;
/** Bytes `file-type` needs to recognise every format it knows. */
const SNIFF_BYTES = 4100;

/** Images an avatar may be made from, and the format it is stored in (photos stay JPEG, the rest PNG). */
const OUTPUT_FORMAT: Record<string, 'jpeg' | 'png'> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/gif': 'png',
  'image/webp': 'png',
  'image/avif': 'png',
  'image/tiff': 'png',
};

export interface StoredAvatarBody {
  size: number;
  type: string;
  format: 'jpeg' | 'png';
  width: number;
  height: number;
}

export const notAnImage = () => new DomainError(ErrorCode.InvalidFile, 'The file is not a valid image');
const tooLarge = () => new DomainError(ErrorCode.FileTooLarge, 'File size exceeds the allowed limit');

/**
 * Stores an image as an avatar under `key`, streamed from `source` through sharp into the storage: its type is
 * sniffed from the first bytes (not the client's word), the body stopped at `maxBytes`, turned upright per its
 * EXIF orientation (which drops the EXIF data) and, with `resize`, cut to a square of that size as Rocket.Chat's
 * `Accounts_AvatarResize`. Whatever fails leaves nothing stored (the driver removes a failed write).
 */
export async function storeAvatarBody(
  driver: FileStorageDriver,
  key: string,
  source: AsyncIterable<Buffer | Uint8Array>,
  options: { maxBytes: number; resize?: number },
): Promise<StoredAvatarBody> {
  const limit = Math.min(options.maxBytes < 0 ? Infinity : options.maxBytes, MAX_AVATAR_BYTES);
  const chunks = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let ended = false;
  let format: 'jpeg' | 'png' | undefined;
  try {
    while (size < SNIFF_BYTES) {
      const next = await chunks.next();
      if (next.done) {
        ended = true;
        break;
      }
      head.push(Buffer.from(next.value));
      size += next.value.length;
      if (size > limit) throw tooLarge();
    }
    if (size === 0) throw new DomainError(ErrorCode.InvalidFile, 'The file is empty');
    const sniffed = await fileTypeFromBuffer(Buffer.concat(head));
    format = sniffed && OUTPUT_FORMAT[sniffed.mime];
    if (!format) throw notAnImage();
  } catch (error) {
    // Refused from its first bytes: the source (a socket, a remote answer) is closed, not left half read.
    await chunks.return?.().catch(() => undefined);
    throw error;
  }

  const body = Readable.from(
    (async function* () {
      yield* head;
      if (ended) return;
      try {
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
          size += next.value.length;
          if (size > limit) throw tooLarge();
          yield Buffer.from(next.value);
        }
      } finally {
        // Over the limit or abandoned: the source is closed too.
        await chunks.return?.().catch(() => undefined);
      }
    })(),
  );
  let transform = sharp({ limitInputPixels: MAX_AVATAR_PIXELS, failOn: 'error' }).rotate();
  if (options.resize) transform = transform.resize(options.resize, options.resize, { fit: 'cover' });
  transform = transform.toFormat(format);
  const output = format;
  let decodeFailed = false;
  transform.once('error', () => (decodeFailed = true));
  const info = new Promise<OutputInfo>((resolve) => transform.once('info', resolve));
  // The body's own failure (the size limit) fails the transform, and so the driver's write.
  body.once('error', (error) => transform.destroy(error));
  body.pipe(transform);
  const type = `image/${output}`;
  let stored: number;
  try {
    stored = await driver.write(key, transform, { contentType: type });
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if (decodeFailed) throw notAnImage();
    throw error;
  }
  const { width, height } = await info;
  return { size: stored, type, format: output, width, height };
}
